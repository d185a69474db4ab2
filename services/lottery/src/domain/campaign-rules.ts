import type { CampaignBody, FieldIssue } from '@voucher/contracts';

/**
 * LOT-2 / LOT-9: a campaign that can run as described. Pure: returns every
 * problem with its field, so one answer tells the approver all that is wrong.
 */
export function campaignProblems(body: CampaignBody, knownCategories: ReadonlySet<string>, now: Date): FieldIssue[] {
  const problems: FieldIssue[] = [];
  const opens = Date.parse(body.opensAt);
  const closes = Date.parse(body.closesAt);
  if (!(opens < closes)) problems.push({ path: 'closesAt', message: 'must be after opensAt' });
  if (closes <= now.getTime()) problems.push({ path: 'closesAt', message: 'must be in the future' });
  const offered = new Set(body.categories);
  if (offered.size !== body.categories.length)
    problems.push({ path: 'categories', message: 'a category is listed twice' });
  body.categories.forEach((c, i) => {
    if (!knownCategories.has(c)) problems.push({ path: `categories.${i}`, message: `unknown category ${c}` });
  });

  if (body.mode === 'lottery') {
    if (body.stock) problems.push({ path: 'stock', message: 'a lottery campaign has batches, not stock' });
    if (!body.batches || body.batches.length === 0) {
      problems.push({ path: 'batches', message: 'a lottery campaign needs at least one batch' });
      return problems;
    }
    let previousPublish = closes;
    body.batches.forEach((b, i) => {
      const draw = Date.parse(b.drawAt);
      const publish = Date.parse(b.publishAt);
      // the eligible set is fixed once reservations are over, and batches run one after another
      if (draw < closes)
        problems.push({ path: `batches.${i}.drawAt`, message: 'must not be before the window closes' });
      if (i > 0 && draw < previousPublish) {
        problems.push({ path: `batches.${i}.drawAt`, message: 'must not be before the previous batch is published' });
      }
      if (!(publish > draw)) problems.push({ path: `batches.${i}.publishAt`, message: 'must be after drawAt' });
      const codes = Object.keys(b.quotas);
      if (codes.length === 0) problems.push({ path: `batches.${i}.quotas`, message: 'at least one category' });
      for (const code of codes) {
        if (!offered.has(code))
          problems.push({ path: `batches.${i}.quotas.${code}`, message: 'not a category of this campaign' });
      }
      previousPublish = publish;
    });
  } else {
    if (body.batches?.length)
      problems.push({ path: 'batches', message: 'a first-come campaign has stock, not batches' });
    const stock = body.stock ?? {};
    for (const code of body.categories) {
      if (!(code in stock)) problems.push({ path: `stock.${code}`, message: 'stock needed for every category' });
    }
    for (const code of Object.keys(stock)) {
      if (!offered.has(code)) problems.push({ path: `stock.${code}`, message: 'not a category of this campaign' });
    }
  }
  return problems;
}

export type CampaignState = 'scheduled' | 'open' | 'closed' | 'finished';

export function campaignState(c: { opensAt: Date; closesAt: Date; finishedAt: Date | null }, now: Date): CampaignState {
  if (c.finishedAt) return 'finished';
  if (now < c.opensAt) return 'scheduled';
  if (now < c.closesAt) return 'open';
  return 'closed';
}
