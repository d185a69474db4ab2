import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AppError, type Refusal } from '@voucher/contracts';
import { applyTransition, prepareEvent } from '../src/index.ts';
import { harness, thingHappened, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness('transition');
  await sql`CREATE TABLE transition_subjects (id uuid PRIMARY KEY, state text NOT NULL)`.execute(h.db);
});
afterAll(() => h.close());

/** A thing in `state`, and the rows a transition of it would leave: its state, audit entries, events. */
const numberOf = new Map<string, number>();
async function aThing(state: string) {
  const id = uuidv7();
  numberOf.set(id, numberOf.size + 1);
  await sql`INSERT INTO transition_subjects (id, state) VALUES (${id}, ${state})`.execute(h.db);
  return id;
}
async function traces(id: string) {
  const one = async (q: ReturnType<typeof sql<{ n: string }>>) => (await q.execute(h.db)).rows[0]?.n;
  return {
    state: await one(sql<{ n: string }>`SELECT state AS n FROM transition_subjects WHERE id = ${id}`),
    audits: Number(await one(sql<{ n: string }>`SELECT count(*) AS n FROM audit_log WHERE entity_id = ${id}`)),
    events: Number(
      await one(
        sql<{
          n: string;
        }>`SELECT count(*) AS n FROM outbox WHERE (envelope->'data'->>'n')::int = ${numberOf.get(id) ?? -1}`,
      ),
    ),
  };
}

/** Closing an open thing: refused unless it is open; `fail` makes the write fail after its state was written. */
function close(id: string, { fail = false } = {}) {
  return applyTransition(h.db, {
    lock: async (trx: Kysely<any>) =>
      (
        await sql<{ id: string; state: string }>`SELECT * FROM transition_subjects WHERE id = ${id} FOR UPDATE`.execute(
          trx,
        )
      ).rows[0],
    notFound: () => new AppError('NOT_FOUND', 'no such thing'),
    decide: (row): { to: 'closed' } | Refusal<'INVALID_STATE', { state: string }> =>
      row.state === 'open'
        ? { to: 'closed' }
        : { refused: 'INVALID_STATE', why: 'only an open thing closes', state: row.state },
    write: async (trx, row, decision) => {
      await sql`UPDATE transition_subjects SET state = ${decision.to} WHERE id = ${row.id}`.execute(trx);
      if (fail) throw new Error('the write failed half way');
      return {
        audit: { entity: 'thing', entityId: row.id, action: 'close', fromState: row.state, toState: decision.to },
        events: [prepareEvent(thingHappened, { n: numberOf.get(row.id)! })],
      };
    },
  });
}

describe('applyTransition: lock, decide, write state, audit and events in one transaction', () => {
  it('commits the new state with its audit entry and its event', async () => {
    const id = await aThing('open');
    await close(id);
    expect(await traces(id)).toEqual({ state: 'closed', audits: 1, events: 1 });
  });

  it('changes nothing when the rule refuses, and answers with the refusal', async () => {
    const id = await aThing('closed');
    await expect(close(id)).rejects.toMatchObject({ code: 'INVALID_STATE', details: { state: 'closed' } });
    expect(await traces(id)).toEqual({ state: 'closed', audits: 0, events: 0 });
  });

  it('leaves no state, audit entry or event behind when the write fails half way', async () => {
    const id = await aThing('open');
    await expect(close(id, { fail: true })).rejects.toThrow('half way');
    expect(await traces(id)).toEqual({ state: 'open', audits: 0, events: 0 });
  });

  it('reports a missing subject as the caller says', async () => {
    await expect(close(uuidv7())).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('decides two transitions of one subject at once one after the other: exactly one wins', async () => {
    const id = await aThing('open');
    const outcomes = await Promise.allSettled([close(id), close(id), close(id)]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(await traces(id)).toEqual({ state: 'closed', audits: 1, events: 1 });
  });
});
