import { sql, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { DB as OrdersDb } from './db.ts';

/** What the provider writes of a visit (ORD-6). */
export interface ServiceRecordInput {
  date: string;
  engineer: string;
  description: string;
  remark?: string | null;
}

/** Service records and requests of an order (ORD-6); the caller holds the order's lock. */
export function serviceRecordStore(db: Kysely<OrdersDb>) {
  return {
    async find(orderId: string, recordId: string): Promise<{ evaluatedAt: Date | null } | undefined> {
      const row = (
        await sql<{ evaluated_at: Date | null }>`SELECT evaluated_at FROM service_records
          WHERE id = ${recordId} AND order_id = ${orderId} FOR UPDATE`.execute(db)
      ).rows[0];
      return row && { evaluatedAt: row.evaluated_at };
    },

    async add(orderId: string, r: ServiceRecordInput) {
      await sql`INSERT INTO service_records (id, order_id, date, engineer, description, remark)
                VALUES (${uuidv7()}, ${orderId}, ${r.date}, ${r.engineer}, ${r.description}, ${r.remark ?? null})`.execute(
        db,
      );
    },

    async edit(recordId: string, r: ServiceRecordInput) {
      await sql`UPDATE service_records SET date = ${r.date}, engineer = ${r.engineer}, description = ${r.description},
                  remark = ${r.remark ?? null} WHERE id = ${recordId} AND evaluated_at IS NULL`.execute(db);
    },

    async evaluate(recordId: string, solved: boolean, scores: unknown) {
      await sql`UPDATE service_records SET solved = ${solved}, scores = ${JSON.stringify(scores)}::jsonb,
                  evaluated_at = now() WHERE id = ${recordId} AND evaluated_at IS NULL`.execute(db);
    },

    async addRequest(orderId: string, note: string) {
      await sql`INSERT INTO service_requests (id, order_id, note) VALUES (${uuidv7()}, ${orderId}, ${note})`.execute(
        db,
      );
    },
  };
}
