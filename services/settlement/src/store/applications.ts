import { sql, type Kysely } from 'kysely';
import { auditHistory } from '@voucher/db';
import { materialsSchema, type Application, type RedemptionState } from '@voucher/contracts';
import { toLine, type LineRow } from './payment-lines.ts';
import type { DB as SettlementDb } from './db.ts';

export interface ApplicationRow {
  id: string;
  kind: Application['kind'];
  general: Application['general'];
  provider_id: string;
  provider_name: string;
  state: RedemptionState;
  amount: string;
  bank_account: Application['bankAccount'];
  materials: Application['materials'];
  rejection_reason: string | null;
  transfer_reference: string | null;
  paid_on: string | null;
  signed_form_file_id: string | null;
  created_at: Date;
}

const SELECT_APPLICATION = sql`SELECT id, kind, general, provider_id, provider_name, state, amount, bank_account, materials,
  rejection_reason, transfer_reference, to_char(paid_on, 'YYYY-MM-DD') AS paid_on, signed_form_file_id, created_at
  FROM applications`;

function toApplicationSummary(r: ApplicationRow) {
  return {
    id: r.id,
    kind: r.kind,
    general: r.general,
    providerId: r.provider_id,
    providerName: r.provider_name,
    state: r.state,
    amount: Number(r.amount),
    bankAccount: r.bank_account,
    materials: r.materials,
    rejectionReason: r.rejection_reason,
    transfer: r.transfer_reference && r.paid_on ? { reference: r.transfer_reference, paidAt: r.paid_on } : null,
    signedFormFileId: r.signed_form_file_id,
    createdAt: r.created_at.toISOString(),
  };
}

export function applicationStore(db: Kysely<SettlementDb>) {
  return {
    async find(id: string, { lock = false } = {}): Promise<ApplicationRow | undefined> {
      const q = lock
        ? sql<ApplicationRow>`${SELECT_APPLICATION} WHERE id = ${id} FOR UPDATE`
        : sql<ApplicationRow>`${SELECT_APPLICATION} WHERE id = ${id}`;
      return (await q.execute(db)).rows[0];
    },

    /** The applications that cite an upload as one of their materials (SET-2) or as their signed form (SET-4). */
    async citing(fileId: string): Promise<Pick<ApplicationRow, 'id' | 'provider_id' | 'kind'>[]> {
      const asMaterial = Object.keys(materialsSchema.shape).map(
        (field) => sql`materials @> ${JSON.stringify({ [field]: fileId })}::jsonb`,
      );
      return (
        await sql<Pick<ApplicationRow, 'id' | 'provider_id' | 'kind'>>`SELECT id, provider_id, kind FROM applications
          WHERE ${sql.join(asMaterial, sql` OR `)} OR signed_form_file_id = ${fileId}`.execute(db)
      ).rows;
    },

    /** Which of the uploads any application cites, as a material or as its signed form. */
    async cited(fileIds: readonly string[]): Promise<string[]> {
      const asked = [...fileIds];
      return (
        await sql<{ id: string }>`SELECT m.value AS id FROM applications a, jsonb_each_text(a.materials) m
            WHERE m.value = ANY(${asked}::text[])
          UNION SELECT signed_form_file_id::text FROM applications WHERE signed_form_file_id = ANY(${asked}::uuid[])`.execute(
          db,
        )
      ).rows.map((r) => r.id);
    },

    async page(
      filter: { providerId?: string; state?: RedemptionState; kind?: Application['kind'] },
      page: number,
      pageSize: number,
    ) {
      const where = sql.join(
        [
          sql`true`,
          ...(filter.providerId ? [sql`provider_id = ${filter.providerId}`] : []),
          ...(filter.state ? [sql`state = ${filter.state}`] : []),
          ...(filter.kind ? [sql`kind = ${filter.kind}`] : []),
        ],
        sql` AND `,
      );
      const [rows, total] = await Promise.all([
        sql<ApplicationRow>`${SELECT_APPLICATION} WHERE ${where} ORDER BY created_at DESC, id
          LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`.execute(db),
        sql<{ n: number }>`SELECT count(*)::int AS n FROM applications WHERE ${where}`.execute(db),
      ]);
      return { items: rows.rows.map(toApplicationSummary), total: total.rows[0]!.n };
    },

    /** the payment lines an application redeems, open in it */
    async claimLines(applicationId: string, lineIds: string[]): Promise<void> {
      // the partial unique index admits each line in one open application only, whatever races
      await sql`INSERT INTO application_lines (application_id, line_id) SELECT ${applicationId}, unnest(${lineIds}::uuid[])`.execute(
        db,
      );
    },

    /**
     * an application submitted: a redemption of payment lines (SET-2, its lines claimed apart), or a
     * general-voucher claim on one order (SET-5), which the partial unique index admits once per order that is
     * not rejected, whatever races
     */
    async submit(a: {
      id: string;
      general?: { claim: NonNullable<Application['general']>; orderId: string };
      providerId: string;
      providerName: string;
      amount: number;
      bankAccount: Application['bankAccount'];
      materials: Application['materials'];
    }): Promise<void> {
      await sql`INSERT INTO applications (id, kind, general, general_order_id, provider_id, provider_name, state, amount,
                  bank_account, materials)
                VALUES (${a.id}, ${a.general ? 'general' : 'voucher'},
                  ${a.general ? JSON.stringify(a.general.claim) : null}::jsonb, ${a.general?.orderId ?? null},
                  ${a.providerId}, ${a.providerName}, 'submitted', ${a.amount}, ${JSON.stringify(a.bankAccount)}::jsonb,
                  ${JSON.stringify(a.materials)}::jsonb)`.execute(db);
    },

    /** its lines closed: redeemable again (a rejection, SET-2) */
    async releaseLines(id: string): Promise<void> {
      await sql`UPDATE application_lines SET open = false WHERE application_id = ${id}`.execute(db);
    },

    /** a SET-3 step: the new state, with the rejection's reason or the transfer when the step gives one */
    async setState(
      id: string,
      state: RedemptionState,
      extra: { reason?: string; reference?: string; paidOn?: string },
    ): Promise<void> {
      await sql`UPDATE applications SET state = ${state}, updated_at = now(),
                  rejection_reason = COALESCE(${extra.reason ?? null}, rejection_reason),
                  transfer_reference = COALESCE(${extra.reference ?? null}, transfer_reference),
                  paid_on = COALESCE(${extra.paidOn ?? null}::date, paid_on)
                WHERE id = ${id}`.execute(db);
    },

    /** SET-4: the signed scan of its form */
    async attachSignedForm(id: string, fileId: string): Promise<void> {
      await sql`UPDATE applications SET signed_form_file_id = ${fileId}, updated_at = now() WHERE id = ${id}`.execute(
        db,
      );
    },

    async view(row: ApplicationRow): Promise<Application> {
      const [lines, history] = await Promise.all([
        sql<LineRow>`SELECT l.* FROM application_lines a JOIN payment_lines l ON l.id = a.line_id
          WHERE a.application_id = ${row.id} ORDER BY l.completed_at, l.id`.execute(db),
        auditHistory(db, 'application', row.id),
      ]);
      return {
        ...toApplicationSummary(row),
        lines: lines.rows.map(toLine),
        history,
      };
    },
  };
}
