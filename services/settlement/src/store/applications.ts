import { sql, type Kysely } from 'kysely';
import { auditHistory } from '@voucher/db';
import { materialsSchema, type Application, type RedemptionState } from '@voucher/contracts';

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

export interface LineRow {
  id: string;
  order_id: string;
  order_no: string;
  voucher_number: string;
  category: string;
  enterprise_name: string;
  amount: string;
  completed_at: Date;
}

const SELECT_APPLICATION = sql`SELECT id, kind, general, provider_id, provider_name, state, amount, bank_account, materials,
  rejection_reason, transfer_reference, to_char(paid_on, 'YYYY-MM-DD') AS paid_on, signed_form_file_id, created_at
  FROM applications`;

export const toLine = (l: LineRow) => ({
  id: l.id,
  orderId: l.order_id,
  orderNo: l.order_no,
  voucherNumber: l.voucher_number,
  category: l.category,
  enterpriseName: l.enterprise_name,
  amount: Number(l.amount),
  completedAt: l.completed_at.toISOString(),
});

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

export function applicationStore(db: Kysely<any>) {
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
