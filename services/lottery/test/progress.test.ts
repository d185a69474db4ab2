import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lottery, type Caller } from '@voucher/contracts';
import { BatchWorkClock } from '../src/handlers/batch-work-clock.ts';
import { batchProgressStore } from '../src/store/batch-progress.ts';
import { approver, lotteryHarness, type LotteryHarness } from './harness.ts';
import { v7 as uuidv7 } from 'uuid';

let h: LotteryHarness;
beforeAll(async () => {
  h = await lotteryHarness('lotprogress', { METRICS_PORT: '0' });
  for (const code of ['AUDIT', 'CERT']) await h.category(code, 1);
});
afterAll(() => h.close());

async function scrape(): Promise<string> {
  return (await fetch(`http://127.0.0.1:${h.service.metricsPort}/metrics`)).text();
}
const seriesValue = (text: string, prefix: string) =>
  Number(
    text
      .split('\n')
      .find((l) => l.startsWith(prefix))
      ?.split(' ')
      .pop(),
  );

/** A clock on the service's own Redis, its metrics those of the service. */
function clockFor(batchId: string, work: 'draw' | 'publish') {
  const progress = batchProgressStore(h.service.redis);
  const metrics = {
    phaseDuration: { observe: () => undefined },
    drawDuration: { observe: () => undefined },
    publicationDuration: { observe: () => undefined },
  } as never;
  return { progress, clock: new BatchWorkClock({ progress, metrics, logger: h.service.logger }, batchId, work) };
}

describe("a batch's draw and publication, watched while they run (issue 19)", () => {
  it('moves through the phases of its work, each at the share of the work done before it', async () => {
    const batchId = uuidv7();
    const { progress, clock } = clockFor(batchId, 'draw');
    await clock.enter('eligible');
    expect(await progress.read(batchId)).toMatchObject({ work: 'draw', phase: 'eligible', percent: 0 });
    await clock.enter('ranking');
    expect(await progress.read(batchId)).toMatchObject({ phase: 'ranking', percent: 35 });
    await clock.enter('recording');
    await clock.enter('announcing');
    expect(await progress.read(batchId)).toMatchObject({ phase: 'announcing', percent: 90 });
  });

  it('shows nothing of a work that rolled back, and keeps what a finished work told when a late trigger is refused', async () => {
    const batchId = uuidv7();
    const rolledBack = clockFor(batchId, 'draw');
    await rolledBack.clock.enter('eligible');
    await rolledBack.clock.abandoned();
    expect(await rolledBack.progress.read(batchId)).toBeNull();

    await rolledBack.progress.write(batchId, {
      work: 'draw',
      phase: 'done',
      percent: 100,
      startedAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    });
    // a second trigger finds the batch drawn before its first phase
    await clockFor(batchId, 'draw').clock.abandoned();
    expect(await rolledBack.progress.read(batchId)).toMatchObject({ phase: 'done', percent: 100 });
  });

  it('tells the approver a draw and then a publication done, and times their phases in the metrics', async () => {
    const es: Caller[] = [];
    for (let i = 0; i < 4; i++) es.push(await h.qualifiedEnterprise());
    const c = await h.campaign({ categories: ['AUDIT', 'CERT'], quotas: [{ AUDIT: 2, CERT: 1 }] });
    for (const e of es) await h.call(lottery.reserve, { campaignId: c.id, categories: ['AUDIT', 'CERT'] }, e);
    await c.close();
    const batchId = c.batches[0]!;
    expect(await h.call(lottery.batchProgress, { id: batchId }, approver)).toEqual({
      batchId,
      work: null,
      phase: null,
      percent: 0,
      startedAt: null,
      updatedAt: null,
    });
    await h.call(lottery.drawBatch, { id: batchId }, approver);
    expect(await h.call(lottery.batchProgress, { id: batchId }, approver)).toMatchObject({
      work: 'draw',
      phase: 'done',
      percent: 100,
    });
    await h.call(lottery.publishBatch, { id: batchId }, approver);
    expect(await h.call(lottery.batchProgress, { id: batchId }, approver)).toMatchObject({
      work: 'publish',
      phase: 'done',
      percent: 100,
    });

    const text = await scrape();
    for (const phase of ['eligible', 'ranking', 'recording', 'announcing', 'document', 'results']) {
      expect(seriesValue(text, `draw_phase_duration_seconds_count{service="lottery",phase="${phase}"}`)).toBe(1);
    }
    expect(seriesValue(text, 'draw_duration_seconds_count{service="lottery"}')).toBe(1);
    expect(seriesValue(text, 'publication_duration_seconds_count{service="lottery"}')).toBe(1);
    expect(seriesValue(text, 'draw_eligible_reservations_total{service="lottery"}')).toBe(8);
    expect(seriesValue(text, 'draw_winners_total{service="lottery"}')).toBe(3);
    expect(seriesValue(text, 'reservations_taken_total{service="lottery"}')).toBe(8);
  });

  it('reports the stock a first-come category has left while its campaign is open (LOT-9)', async () => {
    const hour = 3600_000;
    const campaign = await h.call(
      lottery.createCampaign,
      {
        name: '抢券',
        mode: 'first_come',
        opensAt: new Date(Date.now() - hour).toISOString(),
        closesAt: new Date(Date.now() + hour).toISOString(),
        categories: ['CERT'],
        stock: { CERT: 3 },
      },
      approver,
    );
    await h.call(lottery.claim, { campaignId: campaign.id, category: 'CERT' }, await h.qualifiedEnterprise());
    const left = `grab_stock_left{campaign="${campaign.id}",category="CERT",service="lottery"}`;
    expect(seriesValue(await scrape(), left)).toBe(2);
  });

  it('lets approvers and administrators watch, and nobody else', async () => {
    const batchId = uuidv7();
    const admin: Caller = { userId: uuidv7(), role: 'admin' };
    expect((await h.call(lottery.batchProgress, { id: batchId }, admin)).work).toBeNull();
    for (const role of ['enterprise', 'provider'] as const) {
      expect((await h.refusal(lottery.batchProgress, { id: batchId }, { userId: uuidv7(), role })).code).toBe(
        'FORBIDDEN',
      );
    }
  });
});
