import { useState } from 'react';
import { Alert, Card, Form, Input, Select } from 'antd';
import { adminPasswordResetRequest, createUserRequest, platformRoles, type Role } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import { useSession } from '../../auth/session.tsx';
import { PageForm } from '../../components/CheckedForms.tsx';
import { TitledPage } from '../../components/TitledPage.tsx';
import { useLanguage } from '../../i18n/language.tsx';
import type { MessageKey } from '../../i18n/messages.ts';

type NewUser = NonNullable<paths['/api/v1/admin/users']['post']['requestBody']>['content']['application/json'];

/** DOMAIN §1 roles as the programme calls them. */
const roleWords: Record<(typeof platformRoles)[number], MessageKey> = {
  district_officer: 'adminRoleDistrictOfficer',
  operator: 'adminRoleOperator',
  expert: 'adminRoleExpert',
  approver: 'adminRoleApprover',
  finance: 'adminRoleFinance',
  admin: 'adminRoleAdmin',
};

const fieldOf = (path: string) => path.split('.')[0]!;

/** ID-10: an administrator creates a platform user of a staff role (a district officer with its district). */
function CreateUserCard() {
  const { t } = useLanguage();
  const [form] = Form.useForm<NewUser>();
  const [created, setCreated] = useState<string | null>(null);
  const role = Form.useWatch('role', form);
  return (
    <Card title={t('adminCreateUser')}>
      <PageForm
        form={form}
        schema={createUserRequest}
        send={(body) => unwrap(client.POST('/api/v1/admin/users', { body }))}
        fieldOf={fieldOf}
        onSent={(reply) => {
          setCreated(reply.userId);
          form.resetFields();
        }}
        submitText={t('adminCreate')}
      >
        <Form.Item name="role" label={t('adminRole')} rules={[{ required: true }]}>
          <Select options={platformRoles.map((r) => ({ value: r, label: t(roleWords[r]) }))} />
        </Form.Item>
        <Form.Item name="username" label={t('adminUsername')} rules={[{ required: true }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="mobile" label={t('adminMobile')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="password" label={t('password')} rules={[{ required: true }]} extra={t('adminPasswordRule')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {role === 'district_officer' && (
          <Form.Item name="district" label={t('adminFieldDistrict')} rules={[{ required: true }]}>
            <Input placeholder="玄武区" />
          </Form.Item>
        )}
        {created && <Alert type="success" title={`${t('adminUserCreated')} ${created}`} style={{ marginBottom: 16 }} />}
      </PageForm>
    </Card>
  );
}

/** ID-7: an administrator, or a district officer for its own district's users, sets a new password. */
function ResetPasswordCard() {
  const { t } = useLanguage();
  const [form] = Form.useForm<{ userId: string; newPassword: string }>();
  return (
    <Card title={t('adminResetPassword')}>
      <PageForm
        form={form}
        schema={adminPasswordResetRequest}
        send={({ userId, newPassword }) =>
          unwrap(
            client.POST('/api/v1/admin/users/{id}/password-reset', {
              params: { path: { id: userId } },
              body: { newPassword },
            }),
          )
        }
        done={t('adminPasswordReset')}
        onSent={() => form.resetFields()}
        submitText={t('adminResetPassword')}
      >
        <Form.Item name="userId" label={t('adminUserId')} rules={[{ required: true, whitespace: true }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('adminNewPassword')}
          rules={[{ required: true }]}
          extra={t('adminPasswordRule')}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </PageForm>
    </Card>
  );
}

/** Platform users: creating staff accounts (admin) and resetting passwords (admin, district officers). */
export function UsersPage() {
  const { t } = useLanguage();
  const { user } = useSession();
  return (
    <div style={{ maxWidth: 640 }}>
      <TitledPage title={t('adminUsers')}>
        {(user?.role as Role | undefined) === 'admin' && <CreateUserCard />}
        <ResetPasswordCard />
      </TitledPage>
    </div>
  );
}
