import { useState } from 'react';
import { App, Button, Space, Typography, Upload } from 'antd';
import type { FilePurpose } from '@voucher/contracts';
import { uploadFile } from '../api/upload.ts';
import { useLanguage } from '../i18n/language.tsx';
import { useDescribeError } from '../i18n/error-text.ts';

/**
 * A form field holding the id of one uploaded file: choosing a file uploads it
 * for its purpose at once (QUA-7: the gateway judges the type by content).
 */
export function FileUploadField({
  purpose,
  accept,
  value,
  onChange,
  testId,
}: {
  purpose: FilePurpose;
  accept?: string;
  value?: string;
  onChange?: (fileId: string) => void;
  testId: string;
}) {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const [name, setName] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const choose = (file: File) => {
    setBusy(true);
    uploadFile(file, purpose)
      .then((fileId) => {
        setName(file.name);
        onChange?.(fileId);
      })
      .catch((err: unknown) => message.error(describe(err)))
      .finally(() => setBusy(false));
    // the file went up above; antd's own upload is not wanted
    return false;
  };

  return (
    <Space data-testid={testId}>
      <Upload beforeUpload={choose} showUploadList={false} accept={accept}>
        <Button loading={busy}>{value ? t('replaceFile') : t('chooseFile')}</Button>
      </Upload>
      {value && (
        <Typography.Text type="success" data-testid={`${testId}-done`}>
          {name ?? t('fileUploaded')}
        </Typography.Text>
      )}
    </Space>
  );
}
