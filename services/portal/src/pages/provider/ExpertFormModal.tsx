import { Form, Input, InputNumber, Radio, Select } from 'antd';
import { createExpertRequest } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { FileUploadField } from '../../components/FileUploadField.tsx';
import { ModalForm } from '../../components/CheckedForms.tsx';
import { useLanguage } from '../../i18n/language.tsx';
import type { ApiBody } from './api-body.ts';

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
  if (!expert) return null;
  return (
    <ModalForm
      open
      onClose={onClose}
      title={t('expertEntry')}
      okText={t('submit')}
      width={640}
      name="expert"
      initialValues={expert}
      schema={createExpertRequest}
      send={(body) =>
        unwrap(
          expert.id
            ? client.PATCH('/api/v1/provider/experts/{id}', { params: { path: { id: expert.id } }, body })
            : client.POST('/api/v1/provider/experts', { body }),
        )
      }
      done={t('expertSaved')}
      refresh={[['provider-experts']]}
    >
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
      <Form.Item name="photoFileId" label={t('expertPhoto')} extra={t('expertPhotoHint')} rules={[{ required: true }]}>
        <FileUploadField purpose="expert_photo" accept=".jpg,.jpeg,.png" testId="expert-photo" />
      </Form.Item>
      <Form.Item name="introduction" label={t('introduction')} rules={[{ required: true }]}>
        <Input.TextArea rows={4} maxLength={2000} />
      </Form.Item>
    </ModalForm>
  );
}
