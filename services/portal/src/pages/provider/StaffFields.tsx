import { Checkbox, Form, Input } from 'antd';
import { staffPermissions } from '@voucher/contracts';
import { useLanguage } from '../../i18n/language.tsx';
import { permissionWords } from './staff-permissions.ts';

/** A staff account's mobile and email, as it is added and as it is edited. */
export function StaffContactFields() {
  const { t } = useLanguage();
  return (
    <>
      <Form.Item name="mobile" label={t('staffMobile')} rules={[{ required: true }]}>
        <Input maxLength={11} />
      </Form.Item>
      <Form.Item name="email" label={t('staffEmail')}>
        <Input />
      </Form.Item>
    </>
  );
}

/** A staff account's new password (`name`), typed twice: its first password, or one an administrator resets. */
export function StaffPasswordFields({ name }: { name: 'password' | 'newPassword' }) {
  const { t } = useLanguage();
  return (
    <>
      <Form.Item name={name} label={t('staffPassword')} extra={t('passwordHint')} rules={[{ required: true }]}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirmPassword"
        label={t('staffConfirmPassword')}
        dependencies={[name]}
        rules={[
          { required: true },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              value === getFieldValue(name) ? Promise.resolve() : Promise.reject(new Error(t('wbPasswordsDiffer'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}

/** The menus a staff account is granted (ID-8), ticked. */
export function StaffPermissionsField() {
  const { t } = useLanguage();
  return (
    <Form.Item name="permissions" label={t('menuPermissions')}>
      <Checkbox.Group options={staffPermissions.map((p) => ({ value: p, label: t(permissionWords[p]) }))} />
    </Form.Item>
  );
}
