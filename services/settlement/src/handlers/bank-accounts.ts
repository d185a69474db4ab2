import { v7 as uuidv7 } from 'uuid';
import { AppError, refusalError, settlement } from '@voucher/contracts';
import { actingProvider, requireRole, type Bus } from '@voucher/bus';
import { whyBankAccountRefused } from '../domain/bank-account.ts';
import { bankAccountStore } from '../store/bank-accounts.ts';
import { providerStore } from '../store/providers.ts';
import { settings } from '../store/settings.ts';
import { recordAudit } from '@voucher/db';
import type { SettlementDeps } from './deps.ts';

const notFound = () => new AppError('NOT_FOUND', 'bank account not found');

/** SET-1, judged on the programme's banks and the provider's certified name as they are now. */
async function assertAccount(deps: SettlementDeps, providerId: string, account: { accountName: string; bank: string }) {
  const { allowedBanks } = await settings.read(deps.db);
  const refusal = whyBankAccountRefused(account, allowedBanks, await providerStore(deps.db).find(providerId));
  if (refusal) throw refusalError(refusal);
}

export function registerBankAccounts(bus: Bus, deps: SettlementDeps): void {
  const accounts = bankAccountStore(deps.db);

  bus.handle(settlement.getSettings, async (_req, ctx) => {
    requireRole(ctx, 'admin');
    return settings.read(deps.db);
  });
  bus.handle(settlement.putSettings, async (value, ctx) => settings.replace(deps.db, value, requireRole(ctx, 'admin')));

  bus.handle(settlement.listBankAccounts, async (_req, ctx) => {
    const { providerId } = actingProvider(ctx, 'settlement');
    return { items: await accounts.ofProvider(providerId) };
  });

  bus.handle(settlement.addBankAccount, async (body, ctx) => {
    const { providerId, caller } = actingProvider(ctx, 'settlement');
    await assertAccount(deps, providerId, body);
    const id = uuidv7();
    try {
      await deps.db.transaction().execute(async (trx) => {
        await bankAccountStore(trx).insert({ id, providerId, ...body });
        await recordAudit(trx, { entity: 'bank_account', entityId: id, action: 'add', actor: caller });
      });
    } catch (err) {
      if ((err as { constraint?: string }).constraint === 'bank_accounts_number') {
        throw new AppError('DUPLICATE', 'this account number is kept already', { field: 'number' });
      }
      throw err;
    }
    return (await accounts.find(id))!;
  });

  bus.handle(settlement.updateBankAccount, async ({ id, ...changes }, ctx) => {
    const { providerId, caller } = actingProvider(ctx, 'settlement');
    const current = await accounts.findKept(id, providerId);
    if (!current) throw notFound();
    const next = { ...current, ...changes };
    await assertAccount(deps, providerId, next);
    await deps.db.transaction().execute(async (trx) => {
      await bankAccountStore(trx).update(id, next);
      await recordAudit(trx, { entity: 'bank_account', entityId: id, action: 'update', actor: caller });
    });
    return { ...next, id };
  });

  bus.handle(settlement.removeBankAccount, async ({ id }, ctx) => {
    const { providerId, caller } = actingProvider(ctx, 'settlement');
    await deps.db.transaction().execute(async (trx) => {
      if (!(await bankAccountStore(trx).remove(id, providerId))) throw notFound();
      await recordAudit(trx, { entity: 'bank_account', entityId: id, action: 'remove', actor: caller });
    });
    return {};
  });
}
