import { AppError, fileAccessCommand, fileReferencesCommand, type Role } from '@voucher/contracts';
import type { Bus, HandlerContext } from '@voucher/bus';
import { inApplicationScope, type ApplicationScope } from '../domain/read-scope.ts';
import { announcementFiles } from '../store/announcement-files.ts';
import { applicationStore } from '../store/applications.ts';
import { applicationScopeOf } from './applications.ts';
import type { SettlementDeps } from './deps.ts';

const editors: Role[] = ['operator', 'admin'];
const applicationReaders: Role[] = ['approver', 'finance', 'operator'];

/**
 * QUA-7 for settlement's uploads (the gateway asks `svc.settlement.fileAccess`):
 * a notice's attachment is everyone's once a published notice cites it
 * (before that, the operators' who edit notices); a redemption's materials
 * and signed form are read by whoever may read an application citing them
 * (its provider, and staff with the settlement menu; the approver and
 * finance; an operator its general vouchers).
 */
export function registerFileAccess(bus: Bus, deps: SettlementDeps): void {
  const notices = announcementFiles(deps.db);
  const applications = applicationStore(deps.db);

  const scopeOf = (ctx: HandlerContext): ApplicationScope | null => {
    try {
      return applicationScopeOf(ctx, ...applicationReaders);
    } catch (err) {
      if (err instanceof AppError) return null;
      throw err;
    }
  };

  bus.handle(fileAccessCommand('settlement'), async ({ fileId, purpose }, ctx) => {
    if (purpose === 'announcement_attachment') {
      if (await notices.published(fileId)) return { allowed: true };
      return {
        allowed: ctx.caller !== undefined && editors.includes(ctx.caller.role) && (await notices.cited(fileId)),
      };
    }
    const scope = scopeOf(ctx);
    if (!scope) return { allowed: false };
    const citing = await applications.citing(fileId);
    return {
      allowed: citing.some((row) => inApplicationScope(scope, { providerId: row.provider_id, kind: row.kind })),
    };
  });

  // the gateway's clean-up: which uploads an application or a notice cites (any state)
  // only the gateway's clean-up sends it (its `from`, A7): it learns which of its own uploads are cited, nothing more
  bus.handle(fileReferencesCommand('settlement'), async ({ fileIds }) => {
    const [ofApplications, ofNotices] = await Promise.all([applications.cited(fileIds), notices.citedOf(fileIds)]);
    return { referenced: [...new Set([...ofApplications, ...ofNotices])] };
  });
}
