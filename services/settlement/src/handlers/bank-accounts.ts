import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AppError, settlement, validationFailed, type BankAccount } from '@voucher/contracts';
import { actingProvider, requireRole, type Bus } from '@voucher/bus';
import { settings } from '../store/settings.ts';
import { recordAudit } from '@voucher/db';
import type { SettlementDeps } from './deps.ts';

interface AccountRow {
  id: string;
  bank: string;
  branch: string;
  account_name: string;
  number: string;
  created_at: Date;
}
const toAccount = (r: AccountRow): BankAccount => ({
  id: r.id,
  bank: r.bank,
  branch: r.branch,
  accountName: r.account_name,
  number: r.number,
  createdAt: r.created_at.toISOString(),
});
const notFound = () => new AppError('NOT_FOUND', 'bank account not found');

/** SET-1: the account is at an allowed bank, in the certified provider's own name; anything else is refused. */
async function assertAccount(deps: SettlementDeps, providerId: string, accountName: string, bank: string) {
  const { allowedBanks } = await settings.read(deps.db);
  if (allowedBanks.length > 0 && !allowedBanks.includes(bank)) {
    throw validationFailed([{ path: 'bank', message: `one of the programme's banks: ${allowedBanks.join('、')}` }]);
  }
  const provider = (
    await sql<{ company_name: string; certified: boolean }>`SELECT company_name, certified FROM providers
      WHERE provider_id = ${providerId}`.execute(deps.db)
  ).rows[0];
  if (!provider?.certified) throw new AppError('NOT_QUALIFIED', 'only a certified provider keeps bank accounts');
  if (provider.company_name !== accountName) {
    throw validationFailed([{ path: 'accountName', message: `must be the provider's name: ${provider.company_name}` }]);
  }
}

export function registerBankAccounts(bus: Bus, deps: SettlementDeps): void {
  bus.handle(settlement.getSettings, async (_req, ctx) => {
    requireRole(ctx, 'admin');
    return settings.read(deps.db);
  });
  bus.handle(settlement.putSettings, async (value, ctx) => settings.replace(deps.db, value, requireRole(ctx, 'admin')));

  bus.handle(settlement.listBankAccounts, async (_req, ctx) => {
    const { providerId } = actingProvider(ctx, 'settlement');
    const rows = await sql<AccountRow>`SELECT * FROM bank_accounts WHERE provider_id = ${providerId} AND NOT removed
      ORDER BY created_at, id`.execute(deps.db);
    return { items: rows.rows.map(toAccount) };
  });

  bus.handle(settlement.addBankAccount, async (body, ctx) => {
    const { providerId, caller } = actingProvider(ctx, 'settlement');
    await assertAccount(deps, providerId, body.accountName, body.bank);
    const id = uuidv7();
    try {
      await deps.db.transaction().execute(async (trx) => {
        await sql`INSERT INTO bank_accounts (id, provider_id, bank, branch, account_name, number)
                  VALUES (${id}, ${providerId}, ${body.bank}, ${body.branch}, ${body.accountName}, ${body.number})`.execute(
          trx,
        );
        await recordAudit(trx, { entity: 'bank_account', entityId: id, action: 'add', actor: caller });
      });
    } catch (err) {
      if ((err as { constraint?: string }).constraint === 'bank_accounts_number') {
        throw new AppError('DUPLICATE', 'this account number is kept already', { field: 'number' });
      }
      throw err;
    }
    return toAccount((await sql<AccountRow>`SELECT * FROM bank_accounts WHERE id = ${id}`.execute(deps.db)).rows[0]!);
  });

  bus.handle(settlement.updateBankAccount, async ({ id, ...changes }, ctx) => {
    const { providerId, caller } = actingProvider(ctx, 'settlement');
    const current = (
      await sql<AccountRow>`SELECT * FROM bank_accounts WHERE id = ${id} AND provider_id = ${providerId} AND NOT removed`.execute(
        deps.db,
      )
    ).rows[0];
    if (!current) throw notFound();
    const next = { ...toAccount(current), ...changes };
    await assertAccount(deps, providerId, next.accountName, next.bank);
    await deps.db.transaction().execute(async (trx) => {
      await sql`UPDATE bank_accounts SET bank = ${next.bank}, branch = ${next.branch}, account_name = ${next.accountName},
                  number = ${next.number} WHERE id = ${id}`.execute(trx);
      await recordAudit(trx, { entity: 'bank_account', entityId: id, action: 'update', actor: caller });
    });
    return { ...next, id };
  });

  // removed, not deleted: applications keep a copy of the account they were paid to
  bus.handle(settlement.removeBankAccount, async ({ id }, ctx) => {
    const { providerId, caller } = actingProvider(ctx, 'settlement');
    await deps.db.transaction().execute(async (trx) => {
      const r = await sql`UPDATE bank_accounts SET removed = true
        WHERE id = ${id} AND provider_id = ${providerId} AND NOT removed`.execute(trx);
      if (Number(r.numAffectedRows ?? 0) === 0) throw notFound();
      await recordAudit(trx, { entity: 'bank_account', entityId: id, action: 'remove', actor: caller });
    });
    return {};
  });
}
