import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { files, systemCaller } from '@voucher/contracts';
import { createStorage, storageConfig } from '@voucher/storage';
import { ownS3Server, testClient, type OwnS3Server } from '@voucher/testing';
import { z } from 'zod';
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
let s3: OwnS3Server;
let reviewers: ReviewerTeam;
let provider: { id: string; token: string };

beforeAll(async () => {
  // the files in an S3-compatible store, as several hosts would keep them (A8); the other journeys keep
  // theirs on the local disk (most) or in the bus's Object Store (lottery, cluster)
  s3 = await ownS3Server();
  p = await journeyPlatform('jupl', s3.env);
  reviewers = await reviewerTeam(p);
  await certCampaign(p, reviewers.approver);
  provider = await certifiedProvider(p, reviewers, '济南上传服务有限公司');
});
afterAll(async () => {
  await p?.close();
  await s3?.stop();
});

const storageSettings = z.object(storageConfig);

/** The storage settings the platform runs with here, as a process reads them. */
const s3Settings = () => storageSettings.parse(s3.env);

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
    // kept in the S3-compatible store, not on this host's disk
    expect(await createStorage(s3Settings()).exists(thumbnail)).toBe(true);

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

describe('uploads no record cites are removed a day after (the scheduler’s clean-up)', () => {
  /** What the scheduler's hourly job asks the gateway, asked now. */
  async function cleanUp() {
    const bus = await testClient(p.iso);
    try {
      return await bus.call(files.cleanUnattached, {}, systemCaller);
    } finally {
      await bus.close();
    }
  }
  const ageBy = (column: 'created_at' | 'condemned_at', interval: string, ids: string[]) =>
    p.query(`UPDATE gateway.files SET ${column} = ${column} - interval '${interval}' WHERE id = ANY($1)`, [ids]);
  const row = async (id: string) =>
    (
      await p.query<{ attached: boolean; condemned: boolean }>(
        `SELECT attached_at IS NOT NULL AS attached, condemned_at IS NOT NULL AS condemned FROM gateway.files WHERE id = $1`,
        [id],
      )
    )[0];

  it('keeps what a draft product cites, condemns an upload nobody cites, and deletes it after the grace', async () => {
    const body = await productBody(p, provider.token, '数据管理能力成熟度评估');
    const draft = await p.api('POST', '/catalog/products', body, provider.token);
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const cited = body.thumbnailFileId;
    const orphan = await upload(p, provider.token, 'case_document', PDF, '没用上的案例.pdf');
    const fresh = await upload(p, provider.token, 'case_document', PDF, '刚传的案例.pdf');
    await ageBy('created_at', '25 hours', [cited, orphan]);

    const first = await cleanUp();
    expect(first.deleted).toBe(0);
    expect(await row(cited)).toEqual({ attached: true, condemned: false });
    expect(await row(orphan)).toEqual({ attached: false, condemned: true });
    expect(await row(fresh)).toEqual({ attached: false, condemned: false });
    // condemned: no longer offered for attaching, though its owner still reads it
    const attach = await p.api(
      'PUT',
      `/catalog/products/${draft.body.id}`,
      { ...body, cases: [{ ...body.cases[0], documentFileId: orphan }, body.cases[1], body.cases[2]] },
      provider.token,
    );
    expect([attach.status, attach.body.error.details.fields[0].path]).toEqual([400, 'cases.0.documentFileId']);
    expect(await fileStatus(orphan, provider.token)).toBe(200);

    // within the grace nothing is deleted; after it, the orphan goes, row and bytes
    expect((await cleanUp()).deleted).toBe(0);
    await ageBy('condemned_at', '11 minutes', [orphan]);
    const last = await cleanUp();
    expect(last.deleted).toBe(1);
    expect(await row(orphan)).toBeUndefined();
    expect(await fileStatus(orphan, provider.token)).toBe(404);
    expect(await fileStatus(cited, provider.token)).toBe(200);
    expect(await fileStatus(fresh, provider.token)).toBe(200);
    expect((await cleanUp()).deleted).toBe(0);
  });

  it('is the scheduler’s alone, and listed among its jobs', async () => {
    const bus = await testClient(p.iso);
    try {
      const refused = await bus.refusal(files.cleanUnattached, {}, { userId: provider.id, role: 'provider' });
      expect(refused.code).toBe('FORBIDDEN');
    } finally {
      await bus.close();
    }
    const jobs = (await p.api('GET', '/admin/jobs', undefined, reviewers.admin)).body.items;
    expect(jobs.map((j: { name: string }) => j.name)).toContain('clean-unattached-uploads');
  });
});
