import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { AppError, lottery } from '@voucher/contracts';
import { RefusalMemory } from '../src/http/shared-refusals.ts';
import { bearer, startGateway, tokenFor, type TestGateway } from './harness.ts';

let gw: TestGateway;
/** what the lottery stand-in answers a claim, per category */
const answers = new Map<string, () => never>();
const soldOut = (category: string) => () => {
  throw new AppError('SOLD_OUT', 'this category is sold out', { category });
};

beforeAll(async () => {
  gw = await startGateway({}, 'gwshared');
  gw.responder.answer(lottery.claim, async ({ category }) => {
    const answer = answers.get(category);
    if (answer) answer();
    return { reservationId: uuidv7(), category, state: 'won' as const };
  });
  await gw.responder.ready();
});

afterAll(async () => {
  await gw?.close();
});

beforeEach(() => {
  gw.responder.reset();
  answers.clear();
});

const claim = (campaignId: string, category: string, role: 'enterprise' | 'provider' = 'enterprise') =>
  gw.app.inject({
    method: 'POST',
    url: `/api/v1/lottery/campaigns/${campaignId}/claims`,
    headers: bearer(tokenFor({ role, ...(role === 'provider' && { providerId: uuidv7() }) }).token),
    payload: { category },
  });

describe('LOT-9: the gateway answers a sold-out category itself for a second', () => {
  it('refuses the claims that follow a SOLD_OUT with the lottery’s own answer, without asking it again', async () => {
    const campaign = uuidv7();
    answers.set('GRAB', soldOut('GRAB'));
    const first = await claim(campaign, 'GRAB');
    expect(first.statusCode).toBe(409);
    const later = await Promise.all([claim(campaign, 'GRAB'), claim(campaign, 'GRAB'), claim(campaign, 'GRAB')]);
    for (const res of later) {
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject(first.json().error);
      // each answer names its own request
      expect(res.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
    }
    expect(gw.responder.callsTo(lottery.claim)).toHaveLength(1);
  });

  it('asks the lottery for another category, and for the same category of another campaign', async () => {
    const campaign = uuidv7();
    answers.set('GRAB', soldOut('GRAB'));
    expect((await claim(campaign, 'GRAB')).statusCode).toBe(409);
    expect((await claim(campaign, 'OTHER')).statusCode).toBe(201);
    expect((await claim(uuidv7(), 'GRAB')).statusCode).toBe(409);
    expect(gw.responder.callsTo(lottery.claim)).toHaveLength(3);
  });

  it('never answers for another caller a refusal about the caller (ALREADY_RESERVED)', async () => {
    const campaign = uuidv7();
    answers.set('GRAB', () => {
      throw new AppError('ALREADY_RESERVED', 'you have already claimed this category in this campaign', {
        category: 'GRAB',
      });
    });
    expect((await claim(campaign, 'GRAB')).statusCode).toBe(409);
    answers.delete('GRAB');
    expect((await claim(campaign, 'GRAB')).statusCode).toBe(201);
    expect(gw.responder.callsTo(lottery.claim)).toHaveLength(2);
  });

  it('still refuses an anonymous claim 401 and a provider’s 403 before any remembered refusal', async () => {
    const campaign = uuidv7();
    answers.set('GRAB', soldOut('GRAB'));
    expect((await claim(campaign, 'GRAB')).statusCode).toBe(409);
    const anonymous = await gw.app.inject({
      method: 'POST',
      url: `/api/v1/lottery/campaigns/${campaign}/claims`,
      payload: { category: 'GRAB' },
    });
    expect(anonymous.statusCode).toBe(401);
    expect((await claim(campaign, 'GRAB', 'provider')).statusCode).toBe(403);
  });

  it('asks the lottery again once the second has passed: a stock given back is claimable', async () => {
    const campaign = uuidv7();
    answers.set('GRAB', soldOut('GRAB'));
    expect((await claim(campaign, 'GRAB')).statusCode).toBe(409);
    answers.delete('GRAB');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await claim(campaign, 'GRAB')).statusCode).toBe(201);
    expect(gw.responder.callsTo(lottery.claim)).toHaveLength(2);
  });
});

describe('a route’s memory of shared refusals', () => {
  const sharedBy = (now: () => number) =>
    new RefusalMemory<string>({ codes: ['SOLD_OUT'], key: (input) => input, forMs: 1_000 }, now);

  it('keeps a listed refusal for its time and forgets it after', () => {
    let clock = 0;
    const memory = sharedBy(() => clock);
    memory.learn('c:A', new AppError('SOLD_OUT', 'sold out', { category: 'GRAB' }));
    clock = 999;
    expect(memory.recall('c:A')?.toBody()).toEqual({
      code: 'SOLD_OUT',
      message: 'sold out',
      details: { category: 'GRAB' },
    });
    clock = 1_000;
    expect(memory.recall('c:A')).toBeUndefined();
  });

  it('keeps neither another code nor a failure that is not an answer', () => {
    const memory = sharedBy(() => 0);
    memory.learn('c:A', new AppError('ALREADY_RESERVED', 'already'));
    memory.learn('c:B', new Error('the bus timed out'));
    expect(memory.recall('c:A')).toBeUndefined();
    expect(memory.recall('c:B')).toBeUndefined();
  });
});
