import { App, Checkbox, Form, Input, Modal } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { createStaffRequest, staffPermissions } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import type { ApiBody } from './api-body.ts';
import { checked, serverIssues, showIssues, useIssueText } from '../../forms/field-issues.ts';
import { permissionWords } from './staff-permissions.ts';

type NewStaff = ApiBody<'/api/v1/provider/staff', 'post'> & { confirmPassword: string };

/** Seed 002 1.4.9 添加用户: username (fixed once made), mobile, email, password twice, and its menus (ID-8). */
export function StaffFormModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useLanguage();
  const issueText = useIssueText();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<NewStaff>();
  const save = async () => {
    const v = await form.validateFields();
    const body = checked(
      createStaffRequest,
      {
        username: v.username,
        mobile: v.mobile,
        email: v.email || undefined,
        password: v.password,
        permissions: v.permissions,
      },
      form,
      issueText,
    );
    if (!body) return;
    try {
      await unwrap(client.POST('/api/v1/provider/staff', { body }));
      message.success(t('staffAdded'));
      await queries.invalidateQueries({ queryKey: ['provider-staff'] });
      form.resetFields();
      onClose();
    } catch (e) {
      showIssues(form, serverIssues(e), issueText);
      message.error(describe(e));
    }
  };
  return (
    <Modal open={open} title={t('addStaff')} onOk={save} onCancel={onClose} okText={t('okButton')} destroyOnHidden>
      <Form form={form} name="staff" layout="vertical" initialValues={{ permissions: [] }}>
        <Form.Item name="username" label={t('staffUsername')} extra={t('usernameHint')} rules={[{ required: true }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="mobile" label={t('staffMobile')} rules={[{ required: true }]}>
          <Input maxLength={11} />
        </Form.Item>
        <Form.Item name="email" label={t('staffEmail')}>
          <Input />
        </Form.Item>
        <Form.Item name="password" label={t('staffPassword')} extra={t('passwordHint')} rules={[{ required: true }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t('staffConfirmPassword')}
          dependencies={['password']}
          rules={[
            { required: true },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                value === getFieldValue('password')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('wbPasswordsDiffer'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="permissions" label={t('menuPermissions')}>
          <Checkbox.Group options={staffPermissions.map((p) => ({ value: p, label: t(permissionWords[p]) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
