import { useState } from 'react';
import { App, Button, Space, Typography, Upload } from 'antd';
import { uploadFile } from '../../api/upload.ts';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';

interface FileUploadFieldProps {
  /** the upload purpose (API.md § Files); the gateway checks the type by content (QUA-7) */
  purpose: string;
  accept?: string;
  value?: string;
  onChange?: (fileId: string) => void;
  testId?: string;
}

/** A form field whose value is the id of a file uploaded for a purpose. */
export function FileUploadField({ purpose, accept, value, onChange, testId }: FileUploadFieldProps) {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const [fileName, setFileName] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Space data-testid={testId}>
      <Upload
        accept={accept}
        showUploadList={false}
        customRequest={async ({ file }) => {
          const chosen = file as File;
          setBusy(true);
          try {
            onChange?.(await uploadFile(chosen, purpose));
            setFileName(chosen.name);
          } catch (e) {
            message.error(describe(e));
          } finally {
            setBusy(false);
          }
        }}
      >
        <Button loading={busy}>{value ? t('wbReplaceFile') : t('wbChooseFile')}</Button>
      </Upload>
      {value && (
        <Typography.Text type="success" data-testid="uploaded">
          {fileName ?? t('wbUploaded')}
        </Typography.Text>
      )}
    </Space>
  );
}
