import { Form, Input } from 'antd';
import { createStaffRequest } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { ModalForm } from '../../components/CheckedForms.tsx';
import { useLanguage } from '../../i18n/language.tsx';
import type { ApiBody } from './api-body.ts';
import { StaffContactFields, StaffPasswordFields, StaffPermissionsField } from './StaffFields.tsx';

type NewStaff = ApiBody<'/api/v1/provider/staff', 'post'> & { confirmPassword: string };

/** Seed 002 1.4.9 添加用户: username (fixed once made), mobile, email, password twice, and its menus (ID-8). */
export function StaffFormModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useLanguage();
  return (
    <ModalForm
      open={open}
      onClose={onClose}
      title={t('addStaff')}
      okText={t('okButton')}
      name="staff"
      initialValues={{ permissions: [] }}
      schema={createStaffRequest}
      body={(v: NewStaff) => ({
        username: v.username,
        mobile: v.mobile,
        email: v.email || undefined,
        password: v.password,
        permissions: v.permissions,
      })}
      send={(body) => unwrap(client.POST('/api/v1/provider/staff', { body }))}
      done={t('staffAdded')}
      refresh={[['provider-staff']]}
    >
      <Form.Item name="username" label={t('staffUsername')} extra={t('usernameHint')} rules={[{ required: true }]}>
        <Input autoComplete="off" />
      </Form.Item>
      <StaffContactFields />
      <StaffPasswordFields name="password" />
      <StaffPermissionsField />
    </ModalForm>
  );
}
