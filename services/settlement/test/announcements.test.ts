import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { announcementEvents, announcements, systemCaller, type Caller, type DataOf } from '@voucher/contracts';
import { announcedEvent, readableAt } from '../src/domain/announcements.ts';
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

describe('issue 18 item 2: an announcement is announced once, when it becomes readable (domain)', () => {
  it('is readable, so announced, from its publication time on, not before', () => {
    const now = new Date('2026-12-07T02:00:00Z');
    expect(readableAt(now, now)).toBe(true);
    expect(readableAt(new Date('2026-12-07T01:59:59Z'), now)).toBe(true);
    expect(readableAt(new Date('2026-12-07T02:00:01Z'), now)).toBe(false);
  });

  it('says its title and publication time, and when it was announced', () => {
    const id = uuidv7();
    expect(
      announcedEvent(
        { id, title: '第三期预告', publishAt: new Date('2026-12-08T00:00:00Z') },
        new Date('2026-12-08T00:00:01Z'),
      ),
    ).toEqual({
      announcementId: id,
      title: '第三期预告',
      publishAt: '2026-12-08T00:00:00.000Z',
      at: '2026-12-08T00:00:01.000Z',
    });
  });
});

describe('issue 18 item 2: an announcement published for a later time', () => {
  const announcedOf = async (announcementId: string) =>
    (
      await sql<{ data: DataOf<typeof announcementEvents.published> }>`
        SELECT envelope->'data' AS data FROM outbox
        WHERE subject = ${announcementEvents.published.type} AND envelope->'data'->>'announcementId' = ${announcementId}`.execute(
        h.service.db,
      )
    ).rows.map((r) => r.data);
  /** time travel: its publication time has come */
  const comeDue = (id: string) =>
    sql`UPDATE announcements SET publish_at = now() - interval '1 second' WHERE id = ${id}`.execute(h.service.db);
  const scheduled = (title: string) =>
    h.call(
      announcements.publish,
      { title, body: '敬请关注', attachmentFileIds: [], publishAt: new Date(Date.now() + 3_600_000).toISOString() },
      operator,
    );

  it('is announced by the scheduler’s job once its time has come, once even when two runs go at once', async () => {
    const later = await scheduled('第三期服务券申领预告');
    const first = await h.call(announcements.announceDue, {}, systemCaller);
    expect(first.done).not.toContain(later.id);
    expect(await announcedOf(later.id)).toEqual([]);

    await comeDue(later.id);
    const runs = await Promise.all([
      h.call(announcements.announceDue, {}, systemCaller),
      h.call(announcements.announceDue, {}, systemCaller),
    ]);
    expect(runs.flatMap((r) => r.done).filter((id) => id === later.id)).toHaveLength(1);
    expect(runs.flatMap((r) => r.failed)).toEqual([]);
    const events = await announcedOf(later.id);
    expect(events).toEqual([expect.objectContaining({ announcementId: later.id, title: '第三期服务券申领预告' })]);
    expect(new Date(events[0]!.at).getTime()).toBeGreaterThanOrEqual(new Date(events[0]!.publishAt).getTime());

    // the next tick: nothing more
    expect((await h.call(announcements.announceDue, {}, systemCaller)).done).toEqual([]);
    expect(await announcedOf(later.id)).toHaveLength(1);
  });

  it('is announced under its title as last edited, and never once withdrawn before its time', async () => {
    const edited = await scheduled('第四期预告（草稿）');
    await h.call(
      announcements.update,
      { id: edited.id, title: '第四期服务券申领预告', body: '敬请关注', attachmentFileIds: [] },
      operator,
    );
    const withdrawn = await scheduled('第五期预告');
    await h.call(announcements.withdraw, { id: withdrawn.id }, operator);
    await comeDue(edited.id);
    await comeDue(withdrawn.id);
    const run = await h.call(announcements.announceDue, {}, systemCaller);
    expect(run.done).toEqual([edited.id]);
    expect(await announcedOf(edited.id)).toEqual([expect.objectContaining({ title: '第四期服务券申领预告' })]);
    expect(await announcedOf(withdrawn.id)).toEqual([]);
  });

  it('is announced only for the scheduler', async () => {
    expect((await h.refusal(announcements.announceDue, {}, operator)).code).toBe('FORBIDDEN');
  });
});
