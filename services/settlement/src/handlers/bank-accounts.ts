import { v7 as uuidv7 } from 'uuid';
import { AppError, settlement, validationFailed } from '@voucher/contracts';
import { actingProvider, requireRole, type Bus } from '@voucher/bus';
import { bankAccountStore } from '../store/bank-accounts.ts';
import { providerStore } from '../store/providers.ts';
import { settings } from '../store/settings.ts';
import { recordAudit } from '@voucher/db';
import type { SettlementDeps } from './deps.ts';

const notFound = () => new AppError('NOT_FOUND', 'bank account not found');

/** SET-1: the account is at an allowed bank, in the certified provider's own name; anything else is refused. */
async function assertAccount(deps: SettlementDeps, providerId: string, accountName: string, bank: string) {
  const { allowedBanks } = await settings.read(deps.db);
  if (allowedBanks.length > 0 && !allowedBanks.includes(bank)) {
    throw validationFailed([{ path: 'bank', message: `one of the programme's banks: ${allowedBanks.join('、')}` }]);
  }
  const provider = await providerStore(deps.db).find(providerId);
  if (!provider?.certified) throw new AppError('NOT_QUALIFIED', 'only a certified provider keeps bank accounts');
  if (provider.companyName !== accountName) {
    throw validationFailed([{ path: 'accountName', message: `must be the provider's name: ${provider.companyName}` }]);
  }
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
    await assertAccount(deps, providerId, body.accountName, body.bank);
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
    await assertAccount(deps, providerId, next.accountName, next.bank);
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
