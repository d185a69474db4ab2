import { useState } from 'react';
import { App, Button } from 'antd';
import { client, unwrap } from '../../api/client.ts';
import { useDescribeError } from '../../i18n/error-text.ts';
import { showBlob } from './stored-files.ts';

/** Opens an attachment (QUA-7: the reviewer's token is what lets GET /files/{id} answer). */
export function AttachmentButton({ fileId, label }: { fileId: string; label: string }) {
  const describe = useDescribeError();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const open = async () => {
    setBusy(true);
    try {
      showBlob(await unwrap(client.GET('/api/v1/files/{fileId}', { params: { path: { fileId } }, parseAs: 'blob' })));
    } catch (e) {
      message.error(describe(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button size="small" loading={busy} onClick={open} data-testid="attachment">
      {label}
    </Button>
  );
}
