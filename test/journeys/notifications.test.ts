import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journeyPlatform, type JourneyPlatform } from './platform-harness.ts';
import { adminToken, certCampaign, enterpriseWithVoucher, qualifiedEnterprise, staff } from './actors.ts';

let p: JourneyPlatform;
let admin: string;
beforeAll(async () => {
  p = await journeyPlatform('jnotif');
  admin = await adminToken(p);
});
afterAll(() => p?.close());

type Message = { kind: string; template: string; title: Record<string, string>; body: Record<string, string> };
async function drawMessages(token: string): Promise<Message[]> {
  const res = await p.api('GET', '/notifications?pageSize=100', undefined, token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.items as Message[]).filter((m) => m.kind === 'draw_result');
}

describe('journey: draw results reach every enterprise at publication, never before (LOT-7, issue 18)', () => {
  it('tells the winner (inbox and SMS) and those not drawn at the publication, and nobody at the draw', async () => {
    const officer = await staff(p, admin, 'district_officer', { district: '玄武区' });
    const approver = await staff(p, admin, 'approver');
    const category = await p.api(
      'POST',
      '/lottery/categories',
      {
        code: 'DIAG',
        name: '诊断服务券',
        faceValue: 50000,
        validityDays: 90,
        redemptionMode: 'single_use',
        annualLimit: 1,
      },
      approver,
    );
    expect(category.status, JSON.stringify(category.body)).toBe(201);
    const year = new Date().getFullYear();
    const enterprises: Awaited<ReturnType<typeof qualifiedEnterprise>>[] = [];
    for (let i = 0; i < 3; i++)
      enterprises.push(await qualifiedEnterprise(p, officer, `南京通知第${i}号科技有限公司`, year));

    const t = Date.now();
    const at = (ms: number) => new Date(t + ms).toISOString();
    // the scheduler would publish in an hour; the approver draws and publishes by hand (LOT-5, LOT-7)
    const created = await p.api(
      'POST',
      '/lottery/campaigns',
      {
        name: '2026年诊断服务券',
        mode: 'lottery',
        opensAt: at(-1000),
        closesAt: at(4000),
        categories: ['DIAG'],
        batches: [{ drawAt: at(3_600_000), publishAt: at(7_200_000), quotas: { DIAG: 1 } }],
      },
      approver,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const batch = created.body.batches[0].id as string;
    for (const e of enterprises) {
      const res = await p.api(
        'PUT',
        `/lottery/campaigns/${created.body.id}/reservation`,
        { categories: ['DIAG'] },
        e.token,
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    // the window closes; the draw picks one winner
    await new Promise((r) => setTimeout(r, Math.max(0, t + 4200 - Date.now())));
    const drawn = await p.api('POST', `/lottery/batches/${batch}/draw`, {}, approver);
    expect(drawn.status, JSON.stringify(drawn.body)).toBe(200);
    // LOT-7: drawn, not published: nobody is told, by the inbox or by SMS
    await new Promise((r) => setTimeout(r, 1500));
    for (const e of enterprises) expect(await drawMessages(e.token)).toEqual([]);

    expect((await p.api('POST', `/lottery/batches/${batch}/publish`, {}, approver)).status).toBe(200);
    await expect
      .poll(async () => (await Promise.all(enterprises.map((e) => drawMessages(e.token)))).flat().length, {
        timeout: 15_000,
        interval: 1000,
      })
      .toBe(3);
    const told = await Promise.all(enterprises.map(async (e) => ({ e, messages: await drawMessages(e.token) })));
    const winners = told.filter((x) => x.messages[0]!.template === 'draw.won');
    expect(winners).toHaveLength(1);
    expect(told.filter((x) => x.messages[0]!.template === 'draw.not_drawn')).toHaveLength(2);
    expect(winners[0]!.messages[0]!.body['zh-CN']).toContain('「2026年诊断服务券」第1批次预约的诊断服务券已中签');
    // the win goes out by SMS too (the development sink shows the texts); a loss does not
    const winner = winners[0]!.e;
    await expect
      .poll(
        async () =>
          ((await p.api('GET', `/dev/sms/${winner.mobile}`)).body.texts ?? []).map((x: { text: string }) => x.text),
        {
          timeout: 15_000,
        },
      )
      .toContainEqual(expect.stringContaining('恭喜您中签'));
    const loser = told.find((x) => x.messages[0]!.template === 'draw.not_drawn')!.e;
    const loserTexts = (await p.api('GET', `/dev/sms/${loser.mobile}`)).body.texts ?? [];
    expect(loserTexts.map((x: { text: string }) => x.text).join('\n')).not.toContain('中签');
  });
});

describe('journey: a voucher about to expire is reminded by the scheduler’s job (WAL-6, issue 18)', () => {
  it('reminds the enterprise in its inbox and by SMS 7 days before, once however often the job runs', async () => {
    const officer = await staff(p, admin, 'district_officer', { district: '玄武区' });
    const approver = await staff(p, admin, 'approver');
    const campaign = await certCampaign(p, approver);
    const e = await enterpriseWithVoucher(p, officer, campaign, '南京到期提醒科技有限公司', '246810');
    // the voucher has five days left: within the 7-day reminder, not yet the 1-day one
    await p.query(`UPDATE wallet.vouchers SET expires_at = now() + interval '5 days' WHERE id = $1`, [e.voucherId]);
    const reminders = async () =>
      ((await p.api('GET', '/notifications?pageSize=100', undefined, e.token)).body.items as Message[]).filter(
        (m) => m.kind === 'voucher_expiry',
      );
    expect(await reminders()).toEqual([]);
    // the operator runs the hourly job now, twice
    for (let i = 0; i < 2; i++) {
      const run = await p.api('POST', '/admin/jobs/remind-expiring-vouchers/run', undefined, admin);
      expect(run.status, JSON.stringify(run.body)).toBe(200);
    }
    await expect.poll(async () => (await reminders()).length, { timeout: 15_000, interval: 500 }).toBe(1);
    const [reminder] = await reminders();
    expect(reminder!.template).toBe('voucher.expiring');
    expect(reminder!.title['zh-CN']).toBe('服务券7天内到期');
    expect(reminder!.body['zh-CN']).toContain('体系认证服务专用券');
    await expect
      .poll(
        async () =>
          ((await p.api('GET', `/dev/sms/${e.mobile}`)).body.texts ?? []).map((x: { text: string }) => x.text),
        { timeout: 15_000 },
      )
      .toContainEqual(expect.stringContaining('服务券7天内到期'));
  });
});
