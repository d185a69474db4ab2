import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import { recordAudit } from './audit.ts';

/**
 * A service's programme settings (DOMAIN §0b), kept as one JSON row in its own
 * `settings` table (key, value, updated_by, updated_at): the demo defaults until
 * an administrator changes them, every change audited with before and after.
 * `cacheMs` lets a hot path read them from memory for a moment; a change is
 * seen at once by the replica that made it and within `cacheMs` by the others.
 */
export function programmeSettings<S extends z.ZodType>(
  service: string,
  schema: S,
  defaults: z.output<S>,
  { cacheMs = 0 }: { cacheMs?: number } = {},
) {
  type Value = z.output<S>;
  let cached: { at: number; value: Promise<Value> } | undefined;

  async function load(db: Kysely<any>): Promise<Value> {
    const row = (await sql<{ value: unknown }>`SELECT value FROM settings WHERE key = 'programme'`.execute(db)).rows[0];
    return row ? (schema.parse(row.value) as Value) : defaults;
  }

  return {
    read(db: Kysely<any>): Promise<Value> {
      if (cacheMs <= 0) return load(db);
      if (cached && Date.now() - cached.at < cacheMs) return cached.value;
      const value = load(db);
      cached = { at: Date.now(), value };
      value.catch(() => (cached = undefined));
      return value;
    },

    async replace(db: Kysely<any>, value: Value, actor: { userId: string; role: string }): Promise<Value> {
      await db.transaction().execute(async (trx) => {
        const before = await load(trx);
        await sql`INSERT INTO settings (key, value, updated_by) VALUES ('programme', ${JSON.stringify(value)}::jsonb, ${actor.userId})
                  ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = now()`.execute(
          trx,
        );
        await recordAudit(trx, {
          entity: 'settings',
          entityId: service,
          action: 'updated',
          actor,
          fromState: JSON.stringify(before),
          toState: JSON.stringify(value),
        });
      });
      cached = undefined;
      return value;
    },
  };
}
