import type { Bus } from '@voucher/bus';
import { files } from '@voucher/contracts';
import { toFileView, type FileStore } from '../store/files.ts';

/**
 * `svc.gateway.describeFiles` (ARCHITECTURE A8b): services check an
 * attachment's owner, purpose and type before accepting its id. Ids that do
 * not exist are simply absent from the answer.
 */
export function handleDescribeFiles(bus: Bus, store: FileStore): void {
  bus.handle(files.describe, async ({ fileIds }) => ({ files: (await store.findMany(fileIds)).map(toFileView) }));
}
