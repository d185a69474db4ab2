import { useState } from 'react';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Radio, Upload, type UploadFile } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { announcementBody } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import { uploadFile } from '../../api/upload.ts';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { serverIssues, zodIssues, showIssues, useIssueText } from '../../forms/field-issues.ts';
import { apiInstant } from '../../format/time.ts';

type NewAnnouncement = NonNullable<
  paths['/api/v1/admin/announcements']['post']['requestBody']
>['content']['application/json'];

interface AnnouncementFields {
  title: string;
  body: string;
  when: 'now' | 'later';
  publishAt?: Dayjs;
}

const fieldOf = (path: string) => path.split('.')[0]!;

/** A programme notice, published now or at a set time, with attachments anyone may download. */
export function AnnouncementForm({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useLanguage();
  const issueText = useIssueText();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<AnnouncementFields>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [refusal, setRefusal] = useState<string | null>(null);
  const when = Form.useWatch('when', form);
  const publish = useMutation({
    mutationFn: (body: NewAnnouncement) => unwrap(client.POST('/api/v1/admin/announcements', { body })),
    onSuccess: () => {
      message.success(t('adminSaved'));
      form.resetFields();
      setFiles([]);
      onClose();
      void queries.invalidateQueries({ queryKey: ['admin', 'announcements'] });
    },
    onError: (e) => {
      setRefusal(describe(e));
      showIssues(form, serverIssues(e), issueText, fieldOf);
    },
  });
  const submit = async () => {
    const v = await form.validateFields();
    setRefusal(null);
    const body = {
      title: v.title,
      body: v.body,
      attachmentFileIds: files.flatMap((f) =>
        f.status === 'done' && typeof f.response === 'string' ? [f.response] : [],
      ),
      ...(v.when === 'later' && v.publishAt ? { publishAt: apiInstant(v.publishAt) } : {}),
    };
    const checked = announcementBody.safeParse(body);
    if (!checked.success) return showIssues(form, zodIssues(checked.error), issueText, fieldOf);
    publish.mutate(checked.data);
  };
  return (
    <Modal
      open={open}
      width={720}
      title={t('adminNewAnnouncement')}
      onCancel={onClose}
      onOk={submit}
      okText={t('adminPublishAnnouncement')}
      confirmLoading={publish.isPending}
    >
      <Form<AnnouncementFields> form={form} layout="vertical" initialValues={{ when: 'now' }}>
        <Form.Item name="title" label={t('adminAnnouncementTitle')} rules={[{ required: true, max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="body" label={t('adminAnnouncementBody')} rules={[{ required: true }]}>
          <Input.TextArea rows={8} />
        </Form.Item>
        <Form.Item label={t('adminAttachments')}>
          <Upload
            fileList={files}
            maxCount={10}
            onChange={({ fileList }) => setFiles(fileList)}
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
        {refusal && <Alert type="error" title={refusal} />}
      </Form>
    </Modal>
  );
}
