import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { lottery, lotteryEvents, qualificationEvents, systemCaller, type Caller } from '@voucher/contracts';
import { lotteryHarness, type LotteryHarness } from './harness.ts';

let h: LotteryHarness;
const admin: Caller = { userId: uuidv7(), role: 'admin' };
beforeAll(async () => {
  h = await lotteryHarness('lotgrant');
  await h.category('AUDIT', 1);
  await h.category('CERT', 3);
});
afterAll(() => h.close());

/** An enterprise lottery knows as certified, from qualification's event. */
async function certified(): Promise<string> {
  const enterpriseId = uuidv7();
  await h.announce(qualificationEvents.enterpriseCertified, {
    enterpriseId,
    companyName: '南京授予测试科技有限公司',
    creditCode: '91350100M000100Y43',
    district: '玄武区',
    city: '南京市',
    size: 'small',
    applicationId: uuidv7(),
    at: new Date().toISOString(),
  });
  return enterpriseId;
}

const aGrant = (enterpriseId: string, category = 'AUDIT', key = uuidv7()) => ({
  enterpriseId,
  category,
  reason: '补发：系统故障期间未能预约',
  idempotencyKey: key,
});

describe('a voucher granted by hand (API.md /admin/wallet/grants, LOT-4)', () => {
  it('records a win of the category with its reason, audited, and announces it to the wallet', async () => {
    const enterpriseId = await certified();
    const before = await h.eventCount(lotteryEvents.winsRecorded);
    const grant = await h.call(lottery.grantVoucher, aGrant(enterpriseId), admin);
    expect(grant).toMatchObject({ enterpriseId, category: 'AUDIT', grantedBy: admin.userId, voucherId: grant.id });
    expect(await h.eventCount(lotteryEvents.winsRecorded)).toBe(before + 1);
    const audit = await sql<{ action: string; reason: string; actor_id: string }>`
      SELECT action, reason, actor_id FROM audit_log WHERE entity = 'grant' AND entity_id = ${grant.id}`.execute(
      h.service.db,
    );
    expect(audit.rows).toEqual([{ action: 'granted', reason: '补发：系统故障期间未能预约', actor_id: admin.userId }]);
  });

  it('counts against the annual limit like a draw or a grab: the next one is refused', async () => {
    const enterpriseId = await certified();
    await h.call(lottery.grantVoucher, aGrant(enterpriseId), admin);
    expect((await h.refusal(lottery.grantVoucher, aGrant(enterpriseId), admin)).code).toBe('ANNUAL_LIMIT_REACHED');
  });

  it('never takes an enterprise past its limit when ten grants race (limit 3: exactly 3)', async () => {
    const enterpriseId = await certified();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => h.call(lottery.grantVoucher, aGrant(enterpriseId, 'CERT'), admin)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { code: string }).code] : []));
    expect(new Set(refused)).toEqual(new Set(['ANNUAL_LIMIT_REACHED']));
    const wins = await sql<{ wins: number }>`SELECT wins FROM annual_wins
      WHERE enterprise_id = ${enterpriseId} AND category_code = 'CERT'`.execute(h.service.db);
    expect(wins.rows[0]!.wins).toBe(3);
  });

  it('answers a retried request with the same Idempotency-Key with the same grant, even ten at once', async () => {
    const enterpriseId = await certified();
    const key = `retry-${uuidv7()}`;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => h.call(lottery.grantVoucher, aGrant(enterpriseId, 'CERT', key), admin)),
    );
    expect(new Set(answers.map((a) => a.id)).size).toBe(1);
    const grants = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM grants WHERE enterprise_id = ${enterpriseId}`.execute(h.service.db);
    expect(grants.rows[0]!.n).toBe(1);
    const other = await certified();
    const reused = await h.refusal(lottery.grantVoucher, aGrant(other, 'CERT', key), admin);
    expect(reused).toMatchObject({ code: 'INVALID_STATE', details: { state: 'key_used' } });
  });

  it('refuses an unknown enterprise or category, a revoked company, and an empty reason, and grants nothing', async () => {
    const enterpriseId = await certified();
    expect((await h.refusal(lottery.grantVoucher, aGrant(uuidv7()), admin)).code).toBe('NOT_FOUND');
    expect((await h.refusal(lottery.grantVoucher, aGrant(enterpriseId, 'NOSUCH'), admin)).code).toBe('NOT_FOUND');
    const blank = await h.refusal(lottery.grantVoucher, { ...aGrant(enterpriseId), reason: ' ' }, admin);
    expect(blank).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [{ path: 'reason' }] } });
    const noKey = await h.refusal(lottery.grantVoucher, { ...aGrant(enterpriseId), idempotencyKey: '' }, admin);
    expect(noKey.details.fields[0].path).toBe('idempotencyKey');
    await h.announce(qualificationEvents.enterpriseRevoked, {
      applicantId: enterpriseId,
      applicationId: uuidv7(),
      kind: 'enterprise_certification',
      year: null,
      reason: '资质造假',
      by: admin.userId,
      at: new Date().toISOString(),
    });
    expect((await h.refusal(lottery.grantVoucher, aGrant(enterpriseId), admin)).code).toBe('NOT_QUALIFIED');
    const grants = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM grants WHERE enterprise_id = ${enterpriseId}`.execute(h.service.db);
    expect(grants.rows[0]!.n).toBe(0);
  });

  it('is an administrator’s alone: an approver, an enterprise or the platform’s own jobs are refused', async () => {
    const enterpriseId = await certified();
    for (const caller of [
      { userId: uuidv7(), role: 'approver' },
      { userId: enterpriseId, role: 'enterprise' },
      systemCaller,
    ] as Caller[]) {
      expect((await h.refusal(lottery.grantVoucher, aGrant(enterpriseId), caller)).code).toBe('FORBIDDEN');
    }
  });
});
