import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { isolate, type Isolation } from '@voucher/testing';
import { createPool, migrate } from '../src/index.ts';

let iso: Isolation;
let pool: pg.Pool;
beforeAll(async () => {
  iso = await isolate('dbuuidv7');
  pool = createPool(iso.databaseUrl, 'ids', 2);
  // a service's schema with nothing of its own: the platform's migrations alone
  await migrate(pool, 'ids', '/nonexistent');
});
afterAll(async () => {
  await pool?.end();
  await iso?.dispose();
});

describe('ids made in SQL are UUIDv7, as the services make them', () => {
  it('carries the millisecond it is given first, version 7 and the RFC 9562 variant, random after', async () => {
    const at = '2026-12-07T03:04:05.678Z';
    const { rows } = await pool.query<{ id: string }>('SELECT uuid_v7($1)::text AS id FROM generate_series(1, 1000)', [
      at,
    ]);
    const ms = Date.parse(at).toString(16).padStart(12, '0');
    for (const { id } of rows) {
      expect(id.replace(/-/g, '').slice(0, 12)).toBe(ms);
      expect(id[14]).toBe('7');
      expect('89ab').toContain(id[19]);
    }
    expect(new Set(rows.map((r) => r.id)).size).toBe(1000);
  });

  it('is now when given nothing, and later times sort later', async () => {
    const before = Date.now();
    const { rows } = await pool.query<{ now: string; later: string }>(
      `SELECT uuid_v7()::text AS now, uuid_v7(now() + interval '1 second')::text AS later`,
    );
    const msOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(msOf(rows[0]!.now)).toBeGreaterThanOrEqual(before - 5);
    expect(msOf(rows[0]!.now)).toBeLessThanOrEqual(Date.now() + 5);
    expect(rows[0]!.later > rows[0]!.now).toBe(true);
  });
});
