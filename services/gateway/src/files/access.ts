import type { Bus } from '@voucher/bus';
import { AppError, fileAccessCommand, fileRules, type Caller, type FilePurpose } from '@voucher/contracts';
import type { FastifyBaseLogger } from 'fastify';
import { mayCall } from '../http/access.ts';
import type { FileRow } from '../store/files.ts';

/**
 * Who may upload a purpose (`fileRules[p].uploaders` and, for a provider's
 * staff, the menu), read as every route's role rule reads its roles: only the
 * roles whose flows attach such a file, so nobody else can park files here.
 */
export function assertMayUpload(caller: Caller, purpose: FilePurpose): void {
  const rule = fileRules[purpose];
  if (!mayCall(caller, rule.uploaders, rule.menu)) {
    throw new AppError('FORBIDDEN', `your role may not upload files of purpose ${purpose}`, { purpose });
  }
}

/**
 * Asks the service that attaches files of the row's purpose
 * (`svc.<owner>.fileAccess`) whether the caller may read it, or, without a
 * caller, whether anyone may (it is published). A service that does not
 * answer, answers late or refuses means no.
 */
async function ownerAllows(
  row: FileRow,
  caller: Caller | undefined,
  bus: Bus,
  requestId: string,
  log: FastifyBaseLogger,
): Promise<boolean> {
  const purpose = row.purpose as FilePurpose;
  const rule = fileRules[purpose];
  if (!rule) return false;
  try {
    const reply = await bus.request(
      fileAccessCommand(rule.owner),
      { fileId: row.id, ownerId: row.owner_id, purpose },
      { requestId, ...(caller ? { caller } : {}) },
    );
    return reply.allowed;
  } catch (err) {
    const code = err instanceof AppError ? err.code : 'INTERNAL';
    // a service that has no fileAccess responder yet is normal; a slow or failing one is worth a look
    const level = code === 'UNAVAILABLE' ? 'debug' : 'warn';
    log[level]({ errorCode: code, owner: rule.owner, fileId: row.id }, 'file access not granted by owner service');
    return false;
  }
}

/**
 * Whether anyone may read the file, without a token: only a publishable
 * purpose (a product's pictures, a notice's attachments), and only once a
 * published record of its owner cites it (a listing, a published notice),
 * as the owner answers: an upload is never public by its purpose alone.
 */
export async function isPublished(row: FileRow, bus: Bus, requestId: string, log: FastifyBaseLogger): Promise<boolean> {
  if (!fileRules[row.purpose as FilePurpose]?.publishable) return false;
  return ownerAllows(row, undefined, bus, requestId, log);
}

/**
 * Who may read a file that is not published (QUA-7: the owner and
 * reviewers): its owner, an admin, or whoever the service that attaches such
 * files says may (asked with the caller in the headers, e.g. the reviewer of
 * the application the file belongs to). Anyone else gets the same 404 as for
 * a file that does not exist.
 */
export async function mayRead(
  row: FileRow,
  caller: Caller,
  bus: Bus,
  requestId: string,
  log: FastifyBaseLogger,
): Promise<boolean> {
  if (caller.userId === row.owner_id || caller.role === 'admin') return true;
  return ownerAllows(row, caller, bus, requestId, log);
}

/** The metadata view: the owner and admins only (no owning-service question: that is for the bytes). */
export function mayDescribe(row: FileRow, caller: Caller): boolean {
  return caller.userId === row.owner_id || caller.role === 'admin';
}
