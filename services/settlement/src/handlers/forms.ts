import { Readable } from 'node:stream';
import { AppError, settlement } from '@voucher/contracts';
import { actingProvider, assertAttachments, type Bus } from '@voucher/bus';
import { recordAudit } from '@voucher/db';
import { redemptionForm, usageSummary } from '../domain/forms.ts';
import { inApplicationScope } from '../domain/read-scope.ts';
import { applicationStore } from '../store/applications.ts';
import { formPdf, formXlsx } from '../store/form-files.ts';
import { applicationScopeOf } from './applications.ts';
import type { SettlementDeps } from './deps.ts';

const contentTypes = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** SET-4: the forms to sign, generated from the data; and the signed scan uploaded back. */
export function registerForms(bus: Bus, deps: SettlementDeps): void {
  const store = applicationStore(deps.db);

  bus.handle(settlement.exportForm, async ({ id, kind, format }, ctx) => {
    const scope = applicationScopeOf(ctx, 'approver', 'finance');
    const row = await store.find(id);
    if (!row || !inApplicationScope(scope, { providerId: row.provider_id, kind: row.kind })) {
      throw new AppError('NOT_FOUND', 'application not found');
    }
    const form = (kind === 'redemption' ? redemptionForm : usageSummary)(await store.view(row));
    const bytes = format === 'pdf' ? await formPdf(form, deps.font) : await formXlsx(form);
    const storageKey = `settlement-${id}-${kind}-${Date.now()}.${format}`;
    const stored = await deps.storage.put(storageKey, Readable.from([bytes]));
    return {
      storageKey,
      size: stored.size,
      filename: `${kind === 'redemption' ? '兑现申请表' : '使用情况明细汇总表'}-${id}.${format}`,
      contentType: contentTypes[format],
    };
  });

  bus.handle(settlement.attachSignedForm, async ({ id, fileId }, ctx) => {
    const { providerId, caller } = actingProvider(ctx, 'settlement');
    const row = await store.find(id);
    if (!row || row.provider_id !== providerId) throw new AppError('NOT_FOUND', 'application not found');
    await assertAttachments(
      deps.bus,
      ctx,
      [providerId, caller.userId],
      [{ field: 'fileId', fileId, purposes: ['signed_form'] }],
    );
    await deps.db.transaction().execute(async (trx) => {
      await applicationStore(trx).attachSignedForm(id, fileId);
      await recordAudit(trx, { entity: 'application', entityId: id, action: 'signed_form', actor: caller });
    });
    return store.view((await store.find(id))!);
  });
}
