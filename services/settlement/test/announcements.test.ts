import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { announcementEvents, announcements, type Caller } from '@voucher/contracts';
import { settlementHarness, type SettlementHarness } from './harness.ts';

let h: SettlementHarness;
const operator: Caller = { userId: uuidv7(), role: 'operator' };
beforeAll(async () => {
  h = await settlementHarness('setnews');
});
afterAll(() => h.close());

const titles = async (q?: string) =>
  (await h.call(announcements.list, { page: 1, pageSize: 20, ...(q ? { q } : {}) })).items.map((a) => a.title);

describe('programme notices', () => {
  it('are published by an operator with attachments and read by anyone once their time has come', async () => {
    const file = h.uploads.upload(operator.userId, 'announcement_attachment', { type: 'pdf' });
    const now = await h.call(
      announcements.publish,
      { title: '关于开展2026年第一期服务券申领的通知', body: '各有关企业：……', attachmentFileIds: [file] },
      operator,
    );
    await h.call(
      announcements.publish,
      {
        title: '第二期预告',
        body: '敬请关注',
        attachmentFileIds: [],
        publishAt: new Date(Date.now() + 3_600_000).toISOString(),
      },
      operator,
    );
    expect(await titles()).toEqual(['关于开展2026年第一期服务券申领的通知']);
    expect(await titles('服务券申领')).toEqual(['关于开展2026年第一期服务券申领的通知']);
    expect(await h.call(announcements.get, { id: now.id })).toMatchObject({ attachmentFileIds: [file] });
    const all = await h.call(announcements.manage, { page: 1, pageSize: 20 }, operator);
    expect(all.total).toBe(2);
    // issue 18 item 2: the one readable now is announced (for those who opted in), the later one not yet
    expect(await h.eventCount(announcementEvents.published)).toBe(1);

    await h.call(announcements.withdraw, { id: now.id }, operator);
    expect(await titles()).toEqual([]);
    expect((await h.refusal(announcements.get, { id: now.id })).code).toBe('NOT_FOUND');
  });

  it('refuses other roles, an empty title, and attachments that are not the operator’s announcement uploads', async () => {
    const enterprise: Caller = { userId: uuidv7(), role: 'enterprise' };
    const body = { title: '通知', body: '内容', attachmentFileIds: [] };
    expect((await h.refusal(announcements.publish, body, enterprise)).code).toBe('FORBIDDEN');
    expect((await h.refusal(announcements.publish, { ...body, title: ' ' }, operator)).code).toBe('VALIDATION_FAILED');
    const contract = h.uploads.upload(operator.userId, 'contract', { type: 'pdf' });
    expect((await h.refusal(announcements.publish, { ...body, attachmentFileIds: [contract] }, operator)).code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await h.call(announcements.manage, { page: 1, pageSize: 20 }, { ...operator, role: 'admin' })).total).toBe(
      2,
    );
  });
});
