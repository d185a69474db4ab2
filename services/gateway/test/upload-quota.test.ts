import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart, pngOfSize } from './file-fixtures.ts';
import { bearer, startGateway, tokenFor, type TestGateway } from './harness.ts';

/** Per-user upload quotas (UPLOAD_QUOTA_FILES, UPLOAD_QUOTA_BYTES), here 3 files and 100,000 bytes. */
let gw: TestGateway;
let storageDir: string;

beforeAll(async () => {
  storageDir = await mkdtemp(join(tmpdir(), 'gw-quota-'));
  gw = await startGateway(
    { STORAGE_DIR: storageDir, UPLOAD_QUOTA_FILES: '3', UPLOAD_QUOTA_BYTES: '100000' },
    'gwquota',
  );
});
afterAll(async () => {
  await gw?.close();
  await rm(storageDir, { recursive: true, force: true });
});

const upload = (token: string, size = 200) => {
  const { payload, headers } = multipart([
    { name: 'purpose', value: 'business_licence' },
    { name: 'file', file: { filename: '执照.png', data: pngOfSize(size) } },
  ]);
  return gw.app.inject({ method: 'POST', url: '/api/v1/files', payload, headers: { ...headers, ...bearer(token) } });
};

async function stored(): Promise<{ rows: number; blobs: number }> {
  const { rows } = await gw.service.pool.query<{ n: string }>('SELECT count(*) AS n FROM files');
  const entries = await readdir(storageDir, { recursive: true, withFileTypes: true });
  return { rows: Number(rows[0]?.n), blobs: entries.filter((e) => e.isFile()).length };
}

describe('per-user upload quotas', () => {
  it('refuses a fourth file with 409 UPLOAD_QUOTA_REACHED, storing nothing; another user still uploads', async () => {
    const { token } = tokenFor({ role: 'enterprise' });
    for (let i = 0; i < 3; i++) expect((await upload(token)).statusCode).toBe(201);
    const before = await stored();
    const fourth = await upload(token);
    expect(fourth.statusCode).toBe(409);
    expect(fourth.json().error).toMatchObject({
      code: 'UPLOAD_QUOTA_REACHED',
      details: { quota: 'files', limit: 3, used: 3 },
    });
    expect(await stored()).toEqual(before);
    expect((await upload(tokenFor({ role: 'enterprise' }).token)).statusCode).toBe(201);
  });

  it('refuses a file that would take the user past its bytes, judged on the bytes received, storing nothing', async () => {
    const { token } = tokenFor({ role: 'provider' });
    expect((await upload(token, 60_000)).statusCode).toBe(201);
    const before = await stored();
    const over = await upload(token, 50_000);
    expect(over.statusCode).toBe(409);
    expect(over.json().error.details).toEqual({ quota: 'bytes', limit: 100_000, used: 60_000 });
    expect(await stored()).toEqual(before);
    expect((await upload(token, 40_000)).statusCode).toBe(201);
  });

  it('holds under uploads at the same moment: of six, exactly three are kept', async () => {
    const { token } = tokenFor({ role: 'enterprise' });
    const statuses = (await Promise.all(Array.from({ length: 6 }, () => upload(token)))).map((r) => r.statusCode);
    expect(statuses.sort()).toEqual([201, 201, 201, 409, 409, 409]);
    const { rows } = await gw.service.pool.query<{ n: string }>('SELECT count(*) AS n FROM files');
    const blobs = (await stored()).blobs;
    expect(blobs).toBe(Number(rows[0]?.n));
  });
});
