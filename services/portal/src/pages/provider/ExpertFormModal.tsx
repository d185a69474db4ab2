import { App, Form, Input, InputNumber, Modal, Radio, Select } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { createExpertRequest } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import type { ApiBody } from './api-body.ts';
import { checked, serverIssues, showIssues, useIssueText } from '../../forms/field-issues.ts';
import { FileUploadField } from '../../components/FileUploadField.tsx';

type Expert = ApiBody<'/api/v1/provider/experts', 'post'>;

/** Seed 002 1.4.8 专家录入 (ID-9): a new expert, or the one given to edit (`id`). */
export function ExpertFormModal({
  expert,
  onClose,
}: {
  expert: (Expert & { id?: string }) | null;
  onClose: () => void;
}) {
  const { t } = useLanguage();
  const issueText = useIssueText();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<Expert>();
  if (!expert) return null;
  const save = async () => {
    const body = checked(createExpertRequest, await form.validateFields(), form, issueText);
    if (!body) return;
    try {
      if (expert.id) {
        await unwrap(client.PATCH('/api/v1/provider/experts/{id}', { params: { path: { id: expert.id } }, body }));
      } else {
        await unwrap(client.POST('/api/v1/provider/experts', { body }));
      }
      message.success(t('expertSaved'));
      await queries.invalidateQueries({ queryKey: ['provider-experts'] });
      onClose();
    } catch (e) {
      showIssues(form, serverIssues(e), issueText);
      message.error(describe(e));
    }
  };
  return (
    <Modal
      open
      title={t('expertEntry')}
      onOk={save}
      onCancel={onClose}
      okText={t('submit')}
      width={640}
      destroyOnHidden
    >
      <Form form={form} name="expert" layout="vertical" initialValues={expert}>
        <Form.Item name="name" label={t('expertName')} rules={[{ required: true }]}>
          <Input maxLength={30} showCount />
        </Form.Item>
        <Form.Item name="age" label={t('expertAge')} rules={[{ required: true }]}>
          <InputNumber min={18} max={100} precision={0} addonAfter={t('yearsOld')} />
        </Form.Item>
        <Form.Item name="gender" label={t('expertGender')} rules={[{ required: true }]}>
          <Radio.Group
            options={[
              { value: 'male', label: t('expertMale') },
              { value: 'female', label: t('expertFemale') },
            ]}
          />
        </Form.Item>
        <Form.Item name="fields" label={t('expertFields')} extra={t('typeAndEnter')} rules={[{ required: true }]}>
          <Select mode="tags" maxCount={10} />
        </Form.Item>
        <Form.Item name="yearsOfService" label={t('yearsOfService')} rules={[{ required: true }]}>
          <InputNumber min={0} max={80} precision={0} addonAfter={t('years')} />
        </Form.Item>
        <Form.Item name="experience" label={t('experience')} rules={[{ required: true }]}>
          <Input.TextArea maxLength={200} showCount />
        </Form.Item>
        <Form.Item name="title" label={t('expertTitle')}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="education" label={t('education')}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item
          name="photoFileId"
          label={t('expertPhoto')}
          extra={t('expertPhotoHint')}
          rules={[{ required: true }]}
        >
          <FileUploadField purpose="expert_photo" accept=".jpg,.jpeg,.png" testId="expert-photo" />
        </Form.Item>
        <Form.Item name="introduction" label={t('introduction')} rules={[{ required: true }]}>
          <Input.TextArea rows={4} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
