import { App, Checkbox, Form, Input, Modal } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import {
  staffPasswordResetRequest,
  staffPermissions,
  staffPermissionsRequest,
  updateStaffRequest,
  type UserView,
} from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { checked, serverIssues, showIssues, useIssueText } from '../../forms/field-issues.ts';
import { permissionWords } from './staff-permissions.ts';

/** What the staff table opens for one account: seed 002 1.4.9 编辑, 重置密码, 应用内权限配置. */
export type StaffAction = { kind: 'edit' | 'password' | 'permissions'; staff: UserView };

const titles: Record<StaffAction['kind'], MessageKey> = {
  edit: 'editStaff',
  password: 'resetStaffPassword',
  permissions: 'configurePermissions',
};
const done: Record<StaffAction['kind'], MessageKey> = {
  edit: 'staffEdited',
  password: 'staffPasswordReset',
  permissions: 'permissionsSaved',
};

/** One modal for the three changes of an existing staff account, each checked with its contracts schema. */
export function StaffActionModal({ action, onClose }: { action: StaffAction | null; onClose: () => void }) {
  const { t } = useLanguage();
  const issueText = useIssueText();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm();
  if (!action) return null;
  const { staff, kind } = action;
  const path = { params: { path: { id: staff.id } } };

  const send = async (): Promise<boolean> => {
    const v = await form.validateFields();
    if (kind === 'edit') {
      const body = checked(
        updateStaffRequest,
        { id: staff.id, mobile: v.mobile, email: v.email || undefined },
        form,
        issueText,
      );
      if (!body) return false;
      await unwrap(
        client.PATCH('/api/v1/provider/staff/{id}', { ...path, body: { mobile: body.mobile, email: body.email } }),
      );
    } else if (kind === 'password') {
      const body = checked(staffPasswordResetRequest, { id: staff.id, newPassword: v.newPassword }, form, issueText);
      if (!body) return false;
      await unwrap(
        client.POST('/api/v1/provider/staff/{id}/password-reset', { ...path, body: { newPassword: body.newPassword } }),
      );
    } else {
      const body = checked(staffPermissionsRequest, { id: staff.id, permissions: v.permissions }, form, issueText);
      if (!body) return false;
      await unwrap(
        client.PUT('/api/v1/provider/staff/{id}/permissions', { ...path, body: { permissions: body.permissions } }),
      );
    }
    return true;
  };

  const save = async () => {
    try {
      if (!(await send())) return;
      message.success(t(done[kind]));
      await queries.invalidateQueries({ queryKey: ['provider-staff'] });
      onClose();
    } catch (e) {
      showIssues(form, serverIssues(e), issueText);
      message.error(describe(e));
    }
  };

  return (
    <Modal
      open
      title={`${t(titles[kind])}：${staff.username}`}
      onOk={save}
      onCancel={onClose}
      okText={t('okButton')}
      destroyOnHidden
    >
      <Form
        form={form}
        name="staff-action"
        layout="vertical"
        initialValues={{ mobile: staff.mobile, email: staff.email ?? '', permissions: staff.permissions }}
      >
        {kind === 'edit' && (
          <>
            <Form.Item name="mobile" label={t('staffMobile')} rules={[{ required: true }]}>
              <Input maxLength={11} />
            </Form.Item>
            <Form.Item name="email" label={t('staffEmail')}>
              <Input />
            </Form.Item>
          </>
        )}
        {kind === 'password' && (
          <>
            <Form.Item
              name="newPassword"
              label={t('staffPassword')}
              extra={t('passwordHint')}
              rules={[{ required: true }]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Form.Item
              name="confirmPassword"
              label={t('staffConfirmPassword')}
              dependencies={['newPassword']}
              rules={[
                { required: true },
                ({ getFieldValue }) => ({
                  validator: (_, value) =>
                    value === getFieldValue('newPassword')
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('wbPasswordsDiffer'))),
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </>
        )}
        {kind === 'permissions' && (
          <Form.Item name="permissions" label={t('menuPermissions')}>
            <Checkbox.Group options={staffPermissions.map((p) => ({ value: p, label: t(permissionWords[p]) }))} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
