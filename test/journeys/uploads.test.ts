import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journeyPlatform, type JourneyPlatform } from './platform-harness.ts';
import {
  certCampaign,
  certifiedProvider,
  PDF,
  PNG,
  productBody,
  reviewerTeam,
  upload,
  type ReviewerTeam,
} from './actors.ts';

/**
 * Uploads through the gateway (API.md § Files): a product's pictures and a
 * notice's attachments become public only once a published record cites
 * them.
 */
let p: JourneyPlatform;
let reviewers: ReviewerTeam;
let provider: { id: string; token: string };

beforeAll(async () => {
  p = await journeyPlatform('jupl');
  reviewers = await reviewerTeam(p);
  await certCampaign(p, reviewers.approver);
  provider = await certifiedProvider(p, reviewers, '济南上传服务有限公司');
});
afterAll(() => p?.close());

/** GET /files/{id}, with a token or without: the status. */
const fileStatus = async (fileId: string, token?: string) =>
  (
    await fetch(`${p.platform.gatewayUrl}/api/v1/files/${fileId}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    })
  ).status;

describe('a file is public only once a published record cites it', () => {
  it('a product’s thumbnail is private while the product is a draft or in review, everyone’s once listed, private again once delisted', async () => {
    const body = await productBody(p, provider.token, 'ISO45001职业健康安全管理体系认证');
    const thumbnail = body.thumbnailFileId;
    const draft = await p.api('POST', '/catalog/products', body, provider.token);
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const id = draft.body.id as string;
    expect(await fileStatus(thumbnail)).toBe(401);

    expect((await p.api('POST', `/catalog/products/${id}/submit`, undefined, provider.token)).status).toBe(200);
    expect(await fileStatus(thumbnail)).toBe(401);
    // the reviewers of the product see it in review; its provider always
    expect(await fileStatus(thumbnail, reviewers.operator)).toBe(200);
    expect(await fileStatus(thumbnail, provider.token)).toBe(200);
    for (const who of [reviewers.operator, reviewers.expert, reviewers.approver]) {
      expect((await p.api('POST', `/catalog/reviews/${id}/approve`, undefined, who)).status).toBe(200);
    }
    const listed = await fetch(`${p.platform.gatewayUrl}/api/v1/files/${thumbnail}`);
    expect(listed.status).toBe(200);
    expect(listed.headers.get('cache-control')).toBe('public, max-age=300');
    expect(Buffer.from(await listed.arrayBuffer()).equals(PNG)).toBe(true);
    // a case document is never public, listed or not
    expect(await fileStatus(body.cases[0]!.documentFileId)).toBe(401);

    expect((await p.api('POST', `/catalog/products/${id}/delist`, undefined, provider.token)).status).toBe(200);
    expect(await fileStatus(thumbnail)).toBe(401);
    expect(await fileStatus(thumbnail, provider.token)).toBe(200);
  });

  it('a notice’s attachment is private until the notice is published, and again once it is withdrawn', async () => {
    const attachment = await upload(p, reviewers.operator, 'announcement_attachment', PDF, '申报指南.pdf');
    expect(await fileStatus(attachment)).toBe(401);
    const scheduled = await p.api(
      'POST',
      '/admin/announcements',
      {
        title: '2027年服务券申报指南',
        body: '详见附件',
        attachmentFileIds: [attachment],
        publishAt: new Date(Date.now() + 3_600_000).toISOString(),
      },
      reviewers.operator,
    );
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(201);
    // scheduled for later: its editors read the attachment, nobody else yet
    expect(await fileStatus(attachment)).toBe(401);
    expect(await fileStatus(attachment, reviewers.approver)).toBe(404);
    expect(await fileStatus(attachment, reviewers.admin)).toBe(200);
    const now = await p.api(
      'PUT',
      `/admin/announcements/${scheduled.body.id}`,
      {
        title: '2027年服务券申报指南',
        body: '详见附件',
        attachmentFileIds: [attachment],
        publishAt: new Date().toISOString(),
      },
      reviewers.operator,
    );
    expect(now.status, JSON.stringify(now.body)).toBe(200);
    expect(await fileStatus(attachment)).toBe(200);
    expect(
      (await p.api('DELETE', `/admin/announcements/${scheduled.body.id}`, undefined, reviewers.operator)).status,
    ).toBe(200);
    expect(await fileStatus(attachment)).toBe(401);
  });
});
