import { App, Button, DatePicker, Form, Input, Radio, Upload, type UploadFile } from 'antd';
import type { Dayjs } from 'dayjs';
import { announcementBody } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { uploadFile } from '../../api/upload.ts';
import { ModalForm } from '../../components/CheckedForms.tsx';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { apiInstant } from '../../format/time.ts';

interface AnnouncementFields {
  title: string;
  body: string;
  files?: UploadFile<string>[];
  when: 'now' | 'later';
  publishAt?: Dayjs;
}

const fieldOf = (path: string) => path.split('.')[0]!;

/** A programme notice, published now or at a set time, with attachments anyone may download. */
export function AnnouncementForm({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const [form] = Form.useForm<AnnouncementFields>();
  const when = Form.useWatch('when', form);
  return (
    <ModalForm
      open={open}
      onClose={onClose}
      width={720}
      title={t('adminNewAnnouncement')}
      okText={t('adminPublishAnnouncement')}
      form={form}
      initialValues={{ when: 'now', files: [] }}
      schema={announcementBody}
      body={(v) => ({
        title: v.title,
        body: v.body,
        attachmentFileIds: (v.files ?? []).flatMap((f) => (f.status === 'done' && f.response ? [f.response] : [])),
        ...(v.when === 'later' && v.publishAt ? { publishAt: apiInstant(v.publishAt) } : {}),
      })}
      send={(body) => unwrap(client.POST('/api/v1/admin/announcements', { body }))}
      fieldOf={fieldOf}
      done={t('adminSaved')}
      refresh={[['admin', 'announcements']]}
    >
      <Form.Item name="title" label={t('adminAnnouncementTitle')} rules={[{ required: true, max: 100 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="body" label={t('adminAnnouncementBody')} rules={[{ required: true }]}>
        <Input.TextArea rows={8} />
      </Form.Item>
      <Form.Item
        name="files"
        label={t('adminAttachments')}
        valuePropName="fileList"
        getValueFromEvent={({ fileList }: { fileList: UploadFile<string>[] }) => fileList}
      >
        <Upload<string>
          maxCount={10}
          customRequest={({ file, onSuccess, onError }) => {
            uploadFile(file as File, 'announcement_attachment')
              .then((fileId) => onSuccess?.(fileId))
              .catch((e: Error) => {
                message.error(describe(e));
                onError?.(e);
              });
          }}
        >
          <Button>{t('adminUpload')}</Button>
        </Upload>
      </Form.Item>
      <Form.Item name="when" label={t('adminPublishWhen')}>
        <Radio.Group
          options={[
            { value: 'now', label: t('adminPublishNow') },
            { value: 'later', label: t('adminPublishLater') },
          ]}
        />
      </Form.Item>
      {when === 'later' && (
        <Form.Item name="publishAt" label={t('adminPublishAt')} rules={[{ required: true }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
      )}
    </ModalForm>
  );
}
