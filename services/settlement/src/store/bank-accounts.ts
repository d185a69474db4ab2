import { sql, type Kysely } from 'kysely';
import type { BankAccount } from '@voucher/contracts';
import type { DB as SettlementDb } from './db.ts';

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

/** SET-1: the bank accounts providers keep, to be paid their redemptions to. */
export function bankAccountStore(db: Kysely<SettlementDb>) {
  return {
    async insert(a: {
      id: string;
      providerId: string;
      bank: string;
      branch: string;
      accountName: string;
      number: string;
    }): Promise<void> {
      await sql`INSERT INTO bank_accounts (id, provider_id, bank, branch, account_name, number)
                VALUES (${a.id}, ${a.providerId}, ${a.bank}, ${a.branch}, ${a.accountName}, ${a.number})`.execute(db);
    },

    async find(id: string): Promise<BankAccount | undefined> {
      const row = (await sql<AccountRow>`SELECT * FROM bank_accounts WHERE id = ${id}`.execute(db)).rows[0];
      return row && toAccount(row);
    },

    /** one of the provider's accounts, not removed */
    async findKept(id: string, providerId: string): Promise<BankAccount | undefined> {
      const row = (
        await sql<AccountRow>`SELECT * FROM bank_accounts WHERE id = ${id} AND provider_id = ${providerId} AND NOT removed`.execute(
          db,
        )
      ).rows[0];
      return row && toAccount(row);
    },

    /** the provider's accounts not removed, the oldest first */
    async ofProvider(providerId: string): Promise<BankAccount[]> {
      const rows = await sql<AccountRow>`SELECT * FROM bank_accounts WHERE provider_id = ${providerId} AND NOT removed
        ORDER BY created_at, id`.execute(db);
      return rows.rows.map(toAccount);
    },

    async update(id: string, a: { bank: string; branch: string; accountName: string; number: string }): Promise<void> {
      await sql`UPDATE bank_accounts SET bank = ${a.bank}, branch = ${a.branch}, account_name = ${a.accountName},
                  number = ${a.number} WHERE id = ${id}`.execute(db);
    },

    /** false when the provider keeps no such account */
    async remove(id: string, providerId: string): Promise<boolean> {
      // removed, not deleted: applications keep a copy of the account they were paid to
      const r = await sql`UPDATE bank_accounts SET removed = true
        WHERE id = ${id} AND provider_id = ${providerId} AND NOT removed`.execute(db);
      return Number(r.numAffectedRows ?? 0) > 0;
    },
  };
}
