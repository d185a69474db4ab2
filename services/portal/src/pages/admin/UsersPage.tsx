import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Select, Space, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { createUserRequest, platformRoles, type Role } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import { useSession } from '../../auth/session.tsx';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { serverIssues, zodIssues, showIssues, useIssueText } from '../../forms/field-issues.ts';

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
  const issueText = useIssueText();
  const describe = useDescribeError();
  const [form] = Form.useForm<NewUser>();
  const [created, setCreated] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const role = Form.useWatch('role', form);
  const create = useMutation({
    mutationFn: (body: NewUser) => unwrap(client.POST('/api/v1/admin/users', { body })),
    onSuccess: (reply) => {
      setCreated(reply.userId);
      form.resetFields();
    },
    onError: (e) => {
      setRefusal(describe(e));
      showIssues(form, serverIssues(e), issueText, fieldOf);
    },
  });
  return (
    <Card title={t('adminCreateUser')}>
      <Form<NewUser>
        form={form}
        layout="vertical"
        onFinish={(v) => {
          setRefusal(null);
          setCreated(null);
          const checked = createUserRequest.safeParse(v);
          if (!checked.success) return showIssues(form, zodIssues(checked.error), issueText, fieldOf);
          create.mutate(checked.data);
        }}
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
        {refusal && <Alert type="error" title={refusal} style={{ marginBottom: 16 }} />}
        {created && <Alert type="success" title={`${t('adminUserCreated')} ${created}`} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t('adminCreate')}
        </Button>
      </Form>
    </Card>
  );
}

/** ID-7: an administrator, or a district officer for its own district's users, sets a new password. */
function ResetPasswordCard() {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ userId: string; newPassword: string }>();
  const reset = useMutation({
    mutationFn: (v: { userId: string; newPassword: string }) =>
      unwrap(
        client.POST('/api/v1/admin/users/{id}/password-reset', {
          params: { path: { id: v.userId } },
          body: { newPassword: v.newPassword },
        }),
      ),
    onSuccess: () => {
      message.success(t('adminPasswordReset'));
      form.resetFields();
    },
    onError: (e) => message.error(describe(e)),
  });
  return (
    <Card title={t('adminResetPassword')}>
      <Form form={form} layout="vertical" onFinish={(v) => reset.mutate(v)}>
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
        <Button type="primary" htmlType="submit" loading={reset.isPending}>
          {t('adminResetPassword')}
        </Button>
      </Form>
    </Card>
  );
}

/** Platform users: creating staff accounts (admin) and resetting passwords (admin, district officers). */
export function UsersPage() {
  const { t } = useLanguage();
  const { user } = useSession();
  return (
    <Space direction="vertical" size="large" style={{ width: '100%', maxWidth: 640 }}>
      <Typography.Title level={4}>{t('adminUsers')}</Typography.Title>
      {(user?.role as Role | undefined) === 'admin' && <CreateUserCard />}
      <ResetPasswordCard />
    </Space>
  );
}
