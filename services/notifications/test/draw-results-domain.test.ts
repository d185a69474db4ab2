import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { DataOf, lotteryEvents } from '@voucher/contracts';
import { drawResults } from '../src/domain/draw-results.ts';
import { goesBySms } from '../src/domain/sms.ts';
import { compose, composeAll } from '../src/domain/templates.ts';

const chunk = (outcome: DataOf<typeof lotteryEvents.resultsPublished>['outcome'], enterpriseIds: string[]) => ({
  batchId: uuidv7(),
  campaignId: uuidv7(),
  campaignName: '2026年第一期服务券',
  batchSeq: 2,
  category: 'AUDIT',
  categoryName: '审计服务专用券',
  outcome,
  chunk: 0,
  enterpriseIds,
  publishedAt: new Date().toISOString(),
});

describe('LOT-7 draw results (issue 18): each enterprise of a chunk learns its outcome', () => {
  it.each([
    ['won', 'draw.won'],
    ['not_won', 'draw.not_won'],
    ['not_drawn', 'draw.not_drawn'],
  ] as const)('an outcome %s is told with %s, to the enterprise’s own account (QUA-9)', (outcome, template) => {
    const ids = [uuidv7(), uuidv7()];
    const drafts = drawResults(chunk(outcome, ids));
    expect(drafts.map((d) => [d.userId, d.template])).toEqual(ids.map((id) => [id, template]));
    expect(drafts[0]!.params).toEqual({
      campaignName: '2026年第一期服务券',
      batchSeq: 2,
      categoryName: '审计服务专用券',
    });
  });

  it('texts a win, and leaves a result that is not a win to the inbox', () => {
    const [won] = drawResults(chunk('won', [uuidv7()])).map((d) => compose(d));
    const [notWon] = drawResults(chunk('not_won', [uuidv7()])).map((d) => compose(d));
    const [notDrawn] = drawResults(chunk('not_drawn', [uuidv7()])).map((d) => compose(d));
    expect([won, notWon, notDrawn].map((m) => goesBySms(m!))).toEqual([true, false, false]);
  });

  it('renders a chunk’s text once and shares it, each message keeping its own recipient', () => {
    const ids = Array.from({ length: 3 }, () => uuidv7());
    const messages = composeAll(drawResults(chunk('not_won', ids)));
    expect(messages.map((m) => m.userId)).toEqual(ids);
    expect(new Set(messages.map((m) => m.body)).size).toBe(1);
    expect(messages[0]).toEqual(compose({ ...drawResults(chunk('not_won', [ids[0]!]))[0]! }));
  });

  it('renders drafts of different words apart', () => {
    const a = drawResults(chunk('won', [uuidv7()]));
    const b = drawResults({ ...chunk('won', [uuidv7()]), categoryName: '诊断服务券' });
    const messages = composeAll([...a, ...b]);
    expect(messages[0]!.body['zh-CN']).toContain('审计服务专用券');
    expect(messages[1]!.body['zh-CN']).toContain('诊断服务券');
  });
});
