import { Button } from 'antd';
import { client, unwrap } from '../../api/client.ts';
import { showBlob, useFileFetch } from '../../api/download.ts';

/** Opens an attachment (QUA-7: the reviewer's token is what lets GET /files/{id} answer). */
export function AttachmentButton({ fileId, label }: { fileId: string; label: string }) {
  const { busy, run } = useFileFetch<'open'>();
  const open = () =>
    run(
      'open',
      () => unwrap(client.GET('/api/v1/files/{fileId}', { params: { path: { fileId } }, parseAs: 'blob' })),
      showBlob,
    );
  return (
    <Button size="small" loading={busy === 'open'} onClick={() => void open()} data-testid="attachment">
      {label}
    </Button>
  );
}
