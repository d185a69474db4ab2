import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from '@voucher/bus';
import { fileReferencesCommand, files, systemCaller, type FilePurpose } from '@voucher/contracts';
import { connectAs } from '@voucher/testing';
import { multipart, pdf, png } from './file-fixtures.ts';
import { bearer, startGateway, tokenFor, type TestGateway } from './harness.ts';

/**
 * The clean-up of uploads no record cites (svc.gateway.cleanUnattachedFiles),
 * with a catalog stand-in that says which files its products cite and no
 * orders service at all.
 */
let gw: TestGateway;
let storageDir: string;
let scheduler: Bus;
let attacher: Bus;
let gatewayBus: Bus;
const citedByCatalog = new Set<string>();
const provider = tokenFor({ role: 'provider' });
const enterprise = tokenFor({ role: 'enterprise' });

beforeAll(async () => {
  storageDir = await mkdtemp(join(tmpdir(), 'gw-cleanup-'));
  gw = await startGateway({ STORAGE_DIR: storageDir }, 'gwclean');
  gw.responder.answer(fileReferencesCommand('catalog'), async ({ fileIds }) => ({
    referenced: fileIds.filter((id) => citedByCatalog.has(id)),
  }));
  await gw.responder.ready();
  scheduler = await connectAs(gw.iso, 'scheduler');
  attacher = await connectAs(gw.iso, 'orders');
  gatewayBus = await connectAs(gw.iso, 'gateway');
});
afterAll(async () => {
  await scheduler?.close();
  await attacher?.close();
  await gatewayBus?.close();
  await gw?.close();
  await rm(storageDir, { recursive: true, force: true });
});

async function uploaded(purpose: FilePurpose, token: string, data: Buffer): Promise<string> {
  const { payload, headers } = multipart([
    { name: 'purpose', value: purpose },
    { name: 'file', file: { filename: 'f', data } },
  ]);
  const res = await gw.app.inject({
    method: 'POST',
    url: '/api/v1/files',
    payload,
    headers: { ...headers, ...bearer(token) },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().fileId as string;
}

const cleanUp = () => scheduler.request(files.cleanUnattached, {}, { requestId: 'clean-up', caller: systemCaller });
const age = (column: 'created_at' | 'condemned_at', interval: string, ids: string[]) =>
  gw.service.pool.query(`UPDATE files SET ${column} = ${column} - $2::interval WHERE id = ANY($1)`, [ids, interval]);
const blobs = async () =>
  (await readdir(storageDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).length;
const exists = async (id: string) =>
  (await gw.service.pool.query('SELECT 1 FROM files WHERE id = $1', [id])).rows.length === 1;
/** whether a service that takes attachments still finds the file (QUA-7) */
const described = async (id: string) =>
  (await attacher.request(files.describe, { fileIds: [id] }, { requestId: 'describe' })).files.length === 1;

describe('svc.gateway.cleanUnattachedFiles', () => {
  it('keeps what a record cites, condemns a day-old upload nobody cites, deletes it with its bytes after the grace, and leaves alone what its owner could not judge', async () => {
    const cited = await uploaded('case_document', provider.token, pdf);
    const orphan = await uploaded('case_document', provider.token, pdf);
    const young = await uploaded('case_document', provider.token, pdf);
    const unjudged = await uploaded('payment_receipt', enterprise.token, png);
    citedByCatalog.add(cited);
    await age('created_at', '25 hours', [cited, orphan, unjudged]);

    expect(await cleanUp()).toEqual({ attached: 1, condemned: 1, deleted: 0, unchecked: 1 });
    // condemned: describeFiles no longer offers it for attaching
    expect(await described(orphan)).toBe(false);
    expect(await described(cited)).toBe(true);
    expect(await described(young)).toBe(true);

    expect((await cleanUp()).deleted).toBe(0);
    const before = await blobs();
    await age('condemned_at', '11 minutes', [orphan]);
    expect(await cleanUp()).toMatchObject({ deleted: 1 });
    expect(await exists(orphan)).toBe(false);
    expect(await blobs()).toBe(before - 1);
    for (const kept of [cited, young, unjudged]) expect(await exists(kept)).toBe(true);
  });

  it('spares a condemned upload that a record came to cite meanwhile (an attach that read it just before)', async () => {
    const late = await uploaded('case_document', provider.token, pdf);
    await age('created_at', '25 hours', [late]);
    expect((await cleanUp()).condemned).toBe(1);
    citedByCatalog.add(late);
    await age('condemned_at', '11 minutes', [late]);
    expect(await cleanUp()).toMatchObject({ attached: 1, deleted: 0 });
    expect(await described(late)).toBe(true);
    expect((await cleanUp()).attached).toBe(0);
  });

  it('is the scheduler’s to ask: the bus refuses it from the gateway, whoever the caller', async () => {
    await expect(
      gatewayBus.request(
        files.cleanUnattached,
        {},
        { requestId: 'x', caller: { userId: provider.claims.sub, role: 'provider' } },
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
