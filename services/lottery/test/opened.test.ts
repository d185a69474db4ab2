import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { lottery, lotteryEvents, RESULT_CHUNK_SIZE, type DataOf } from '@voucher/contracts';
import { approver, lotteryHarness, scheduler, type LotteryHarness } from './harness.ts';

/**
 * LOT-2/LOT-3, issue 18 item 2: a campaign's window opening is announced once
 * to the enterprises qualified for its year (approved, complete data), in
 * chunks of at most 5,000, for the scheduler's `announce-opened-campaigns`.
 */
let h: LotteryHarness;
beforeAll(async () => {
  h = await lotteryHarness('lotopened');
  await h.category('OPEN');
});
afterAll(() => h?.close());

async function openedEventsOf(campaignId: string): Promise<DataOf<typeof lotteryEvents.campaignOpened>[]> {
  const r = await sql<{ data: DataOf<typeof lotteryEvents.campaignOpened> }>`
    SELECT envelope->'data' AS data FROM outbox
    WHERE subject = ${lotteryEvents.campaignOpened.type} AND envelope->'data'->>'campaignId' = ${campaignId}
    ORDER BY (envelope->'data'->>'chunk')::int`.execute(h.service.db);
  return r.rows.map((row) => row.data);
}

describe('a reservation window opening (LOT-2/LOT-3, issue 18 item 2)', () => {
  it('is announced once to the enterprises qualified for the year with complete data, and no other', async () => {
    const year = new Date().getFullYear();
    const qualified = await h.qualifiedEnterprise({ year });
    const incomplete = await h.qualifiedEnterprise({ year, complete: false });
    const lastYear = await h.qualifiedEnterprise({ year: year - 1 });
    const open = await h.campaign({ categories: ['OPEN'], quotas: [{ OPEN: 1 }] });
    const hour = 3600_000;
    const later = await h.call(
      lottery.createCampaign,
      {
        name: '下一期活动',
        mode: 'lottery',
        opensAt: new Date(Date.now() + hour).toISOString(),
        closesAt: new Date(Date.now() + 2 * hour).toISOString(),
        categories: ['OPEN'],
        batches: [
          {
            drawAt: new Date(Date.now() + 3 * hour).toISOString(),
            publishAt: new Date(Date.now() + 4 * hour).toISOString(),
            quotas: { OPEN: 1 },
          },
        ],
      },
      approver,
    );

    const first = await h.call(lottery.announceOpenedDue, {}, scheduler);
    expect(first.done).toContain(open.id);
    expect(first.done).not.toContain(later.id);
    expect(first.failed).toEqual([]);
    const events = await openedEventsOf(open.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ campaignName: '测试活动', year, chunk: 0 });
    expect(events[0]!.enterpriseIds).toContain(qualified.userId);
    expect(events[0]!.enterpriseIds).not.toContain(incomplete.userId);
    expect(events[0]!.enterpriseIds).not.toContain(lastYear.userId);

    // the job again (the next tick, a second scheduler): nothing more
    expect((await h.call(lottery.announceOpenedDue, {}, scheduler)).done).not.toContain(open.id);
    expect(await openedEventsOf(open.id)).toHaveLength(1);
    expect(await openedEventsOf(later.id)).toEqual([]);
    expect((await h.refusal(lottery.announceOpenedDue, {}, qualified)).code).toBe('FORBIDDEN');
  });

  it('cuts 12,000 qualified enterprises into chunks of 5,000, each named once', async () => {
    const year = new Date().getFullYear();
    await sql`INSERT INTO qualifications (enterprise_id, year, approved, complete)
      SELECT gen_random_uuid(), ${year}, true, true FROM generate_series(1, 12000)`.execute(h.service.db);
    const total = Number(
      (
        await sql<{ n: string }>`SELECT count(*) AS n FROM qualifications
          WHERE year = ${year} AND approved AND complete`.execute(h.service.db)
      ).rows[0]!.n,
    );
    const open = await h.campaign({ categories: ['OPEN'], quotas: [{ OPEN: 1 }] });
    expect((await h.call(lottery.announceOpenedDue, {}, scheduler)).done).toContain(open.id);
    const events = await openedEventsOf(open.id);
    expect(events.map((e) => e.chunk)).toEqual([0, 1, 2]);
    expect(events.every((e) => e.enterpriseIds.length <= RESULT_CHUNK_SIZE)).toBe(true);
    const ids = events.flatMap((e) => e.enterpriseIds);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
  });
});
