import { files, validationFailed, type FieldIssue, type FilePurpose } from '@voucher/contracts';
import type { Bus, HandlerContext } from './bus.ts';

export interface Attachment {
  /** the request field that named the file, for the refusal */
  field: string;
  fileId: string;
  purposes: readonly FilePurpose[];
}

/**
 * QUA-7: an attachment must be a file uploaded by one of `owners` for one of
 * its purposes. The gateway owns upload metadata (A8b), so it is asked; a file
 * of someone else is reported exactly like a missing one. Refuses with
 * VALIDATION_FAILED naming every bad field.
 */
export async function assertAttachments(
  bus: Bus,
  ctx: HandlerContext,
  owners: readonly string[],
  attachments: readonly Attachment[],
): Promise<{ fileId: string; purpose: FilePurpose }[]> {
  if (attachments.length === 0) return [];
  const { files: found } = await bus.request(
    files.describe,
    { fileIds: [...new Set(attachments.map((a) => a.fileId))] },
    ctx,
  );
  const byId = new Map(found.map((f) => [f.fileId, f]));
  const problems: FieldIssue[] = [];
  const accepted: { fileId: string; purpose: FilePurpose }[] = [];
  for (const a of attachments) {
    const f = byId.get(a.fileId);
    if (!f || !owners.includes(f.ownerId)) {
      problems.push({ path: a.field, message: 'no such file among your uploads' });
    } else if (!a.purposes.includes(f.purpose)) {
      problems.push({ path: a.field, message: `must be uploaded as ${a.purposes.join(' or ')}, not ${f.purpose}` });
    } else accepted.push({ fileId: f.fileId, purpose: f.purpose });
  }
  if (problems.length > 0) throw validationFailed(problems);
  return accepted;
}
