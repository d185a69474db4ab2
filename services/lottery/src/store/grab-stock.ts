import type { Redis } from '@voucher/kit';

/**
 * LOT-9 admission in Redis: one atomic script decides a claim against the
 * remaining stock and the set of enterprises that already claimed (the
 * per-enterprise check and the admission in one round trip), so the hot path
 * never waits on PostgreSQL for a refusal: after a category sold out, a claim
 * costs this one script. PostgreSQL stays the record (and refuses an oversell
 * by itself); Redis is rebuilt from it when lost.
 */
const stockKey = (campaignId: string, code: string) => `grab:stock:${campaignId}:${code}`;
const claimedKey = (campaignId: string, code: string) => `grab:claimed:${campaignId}:${code}`;

const ADMIT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 'not_loaded' end
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then return 'already' end
if tonumber(redis.call('GET', KEYS[1])) <= 0 then return 'sold_out' end
redis.call('DECR', KEYS[1])
redis.call('SADD', KEYS[2], ARGV[1])
return 'ok'`;

// the compensation of ADMIT: only an admission that is still recorded is given back
const RELEASE = `
if redis.call('SREM', KEYS[2], ARGV[1]) == 1 then redis.call('INCR', KEYS[1]) end
return 'ok'`;

// a rebuild never overwrites a stock that another process loaded first
const LOAD = `
if redis.call('SETNX', KEYS[1], ARGV[1]) == 0 then return 'present' end
for i = 2, #ARGV do redis.call('SADD', KEYS[2], ARGV[i]) end
return 'loaded'`;

type Admission = 'ok' | 'already' | 'sold_out' | 'not_loaded';

type Script = (...args: (string | number)[]) => Promise<unknown>;
type RedisWithStock = Redis & { grabAdmit: Script; grabRelease: Script; grabLoad: Script };

export function grabStock(redis: Redis) {
  // EVALSHA after the first call: the scripts' text does not travel with every claim
  if (!('grabAdmit' in redis)) {
    redis.defineCommand('grabAdmit', { numberOfKeys: 2, lua: ADMIT });
    redis.defineCommand('grabRelease', { numberOfKeys: 2, lua: RELEASE });
    redis.defineCommand('grabLoad', { numberOfKeys: 2, lua: LOAD });
  }
  const r = redis as RedisWithStock;
  return {
    admit: (campaignId: string, code: string, enterpriseId: string) =>
      r.grabAdmit(stockKey(campaignId, code), claimedKey(campaignId, code), enterpriseId) as Promise<Admission>,
    release: (campaignId: string, code: string, enterpriseId: string) =>
      r.grabRelease(stockKey(campaignId, code), claimedKey(campaignId, code), enterpriseId).then(() => undefined),
    load: (campaignId: string, code: string, remaining: number, claimants: string[]) =>
      r
        .grabLoad(stockKey(campaignId, code), claimedKey(campaignId, code), remaining, ...claimants)
        .then(() => undefined),
    async remaining(campaignId: string, code: string): Promise<number | null> {
      const v = await redis.get(stockKey(campaignId, code));
      return v === null ? null : Number(v);
    },
  };
}
export type GrabStock = ReturnType<typeof grabStock>;
