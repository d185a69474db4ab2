import { requireRole, type Bus, type RequestContext } from '@voucher/bus';
import {
  AppError,
  fileReferencesCommand,
  fileRules,
  files,
  type Caller,
  type FilePurpose,
  type ReplyOf,
  type ServiceName,
} from '@voucher/contracts';
import type { Logger } from '@voucher/kit';
import type { BlobStorage } from '@voucher/storage';
import type { FileRow, FileStore } from '../store/files.ts';

export interface CleanupDeps {
  bus: Bus;
  files: FileStore;
  storage: BlobStorage;
  logger: Logger;
  /** an upload no record cites this long after it was made is condemned */
  unattachedMs: number;
  /** and deleted this long after, once asked again */
  graceMs: number;
}

/** How many uploads one run looks at in each step: the job runs every hour. */
const PER_RUN = 1000;
/** How many ids one question to an owning service carries (fileReferencesRequest). */
const PER_QUESTION = 100;

interface Judged {
  referenced: string[];
  unreferenced: string[];
  /** their owner did not answer: left as they are, asked again at the next run */
  unanswered: string[];
}

/** Asks each owning service which of the rows its records cite (`svc.<owner>.fileReferences`). */
async function judge(rows: FileRow[], deps: CleanupDeps, request: RequestContext): Promise<Judged> {
  const judged: Judged = { referenced: [], unreferenced: [], unanswered: [] };
  const byOwner = new Map<ServiceName, string[]>();
  for (const row of rows) {
    const owner = fileRules[row.purpose as FilePurpose]?.owner;
    // a purpose no longer known: nobody can cite it
    if (!owner) judged.unreferenced.push(row.id);
    else byOwner.set(owner, [...(byOwner.get(owner) ?? []), row.id]);
  }
  for (const [owner, ids] of byOwner) {
    for (let i = 0; i < ids.length; i += PER_QUESTION) {
      const asked = ids.slice(i, i + PER_QUESTION);
      try {
        const { referenced } = await deps.bus.request(fileReferencesCommand(owner), { fileIds: asked }, request);
        const cited = new Set(referenced);
        for (const id of asked) (cited.has(id) ? judged.referenced : judged.unreferenced).push(id);
      } catch (err) {
        // never delete what could not be checked
        const code = err instanceof AppError ? err.code : 'INTERNAL';
        deps.logger.warn({ owner, errorCode: code, files: asked.length }, 'owner did not say which uploads it cites');
        judged.unanswered.push(...asked);
      }
    }
  }
  return judged;
}

/**
 * Removes uploads that no record cites (`svc.gateway.cleanUnattachedFiles`,
 * the scheduler's job). Two steps a grace period apart, so that an attach
 * that read the file just before it was condemned and commits just after is
 * never robbed of it: (1) an upload `unattachedMs` old that no owner cites
 * is condemned: describeFiles no longer offers it, so nothing new can attach
 * it; one that is cited is marked attached and never looked at again; (2)
 * an upload condemned `graceMs` ago is asked about once more and, still
 * cited by nobody, its row and then its blob are deleted. An owner that does
 * not answer leaves its files as they are.
 */
async function cleanUnattached(
  deps: CleanupDeps,
  requestId: string,
  by: Caller,
): Promise<ReplyOf<typeof files.cleanUnattached>> {
  const now = Date.now();
  // the owners are asked as the scheduler that asked the clean-up
  const request: RequestContext = { requestId, caller: by };

  const condemned = await deps.files.condemned(new Date(now - deps.graceMs), PER_RUN);
  const last = await judge(condemned, deps, request);
  await deps.files.markAttached(last.referenced);
  const gone = await deps.files.remove(last.unreferenced, by);
  for (const row of gone) {
    await deps.storage.delete(row.storage_key).catch((err: unknown) => {
      deps.logger.error({ err, key: row.storage_key }, 'could not delete the blob of a removed upload');
    });
  }

  const unchecked = await deps.files.unchecked(new Date(now - deps.unattachedMs), PER_RUN);
  const first = await judge(unchecked, deps, request);
  await deps.files.markAttached(first.referenced);
  await deps.files.condemn(first.unreferenced);

  return {
    attached: last.referenced.length + first.referenced.length,
    condemned: first.unreferenced.length,
    deleted: gone.length,
    unchecked: last.unanswered.length + first.unanswered.length,
  };
}

/** `svc.gateway.cleanUnattachedFiles`: the scheduler's job (DOMAIN §9), nobody else's. */
export function handleCleanUnattached(bus: Bus, deps: CleanupDeps): void {
  bus.handle(files.cleanUnattached, (_req, ctx) => cleanUnattached(deps, ctx.requestId, requireRole(ctx, 'scheduler')));
}
