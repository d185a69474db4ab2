import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { Bus } from '@voucher/bus';
import { fileAccessCommand, fileRules, files, type FilePurpose, type StaffPermission } from '@voucher/contracts';
import {
  docx,
  docxLateContentTypes,
  elf,
  jpeg,
  multipart,
  pdf,
  plainText,
  plainZip,
  png,
  pngOfSize,
  sha256,
  windowsExe,
  xlsx,
  zipBomb,
  zipWithWordFolder,
  type FormPart,
} from './file-fixtures.ts';
import { connectAs } from '@voucher/testing';
import { detectFromHead, HEAD_BYTES } from '../src/files/detect.ts';
import { bearer, startGateway, tokenFor, type TestGateway } from './harness.ts';

let gw: TestGateway;
let storageDir: string;
let services: Bus;
/** the pictures the catalog stand-in says a listing shows */
const listedPictures = new Set<string>();

const enterprise = tokenFor({ role: 'enterprise' });
const provider = tokenFor({ role: 'provider' });
const stranger = tokenFor({ role: 'enterprise' });
const admin = tokenFor({ role: 'admin' });
const reviewer = tokenFor({ role: 'operator' });

beforeAll(async () => {
  storageDir = await mkdtemp(join(tmpdir(), 'gw-uploads-'));
  gw = await startGateway({ STORAGE_DIR: storageDir }, 'gwfiles');
  services = await connectAs(gw.iso, 'qualification');
  // the owning service of qualification purposes lets its reviewer read attachments (QUA-7)
  gw.responder.answer(fileAccessCommand('qualification'), async (_req, ctx) => ({
    allowed: ctx.caller?.userId === reviewer.claims.sub,
  }));
  // catalog lets anyone see a listed product's picture, and nobody anything else
  gw.responder.answer(fileAccessCommand('catalog'), async ({ fileId }, ctx) => ({
    allowed: ctx.caller === undefined && listedPictures.has(fileId),
  }));
  await gw.responder.ready();
});

afterAll(async () => {
  await services?.close();
  await gw?.close();
  await rm(storageDir, { recursive: true, force: true });
});

async function upload(
  parts: FormPart[],
  { token = enterprise.token, query = '' }: { token?: string | null; query?: string } = {},
) {
  const { payload, headers } = multipart(parts);
  return gw.app.inject({
    method: 'POST',
    url: `/api/v1/files${query}`,
    payload,
    headers: { ...headers, ...(token ? bearer(token) : {}) },
  });
}

const filePart = (data: Buffer, filename = 'file.bin'): FormPart => ({ name: 'file', file: { filename, data } });
const purposeField = (purpose: string): FormPart => ({ name: 'purpose', value: purpose });

/** Someone whose role may upload files of the purpose (fileRules' uploaders). */
function uploaderOf(purpose: FilePurpose): string {
  const { uploaders } = fileRules[purpose];
  return (uploaders.includes('enterprise') ? enterprise : uploaders.includes('provider') ? provider : reviewer).token;
}

/** Uploads with the purpose as first field and expects 201. */
async function uploaded(purpose: FilePurpose, data: Buffer, filename = 'file.bin', token = uploaderOf(purpose)) {
  const res = await upload([purposeField(purpose), filePart(data, filename)], { token });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as {
    fileId: string;
    sha256: string;
    size: number;
    contentType: string;
    type: string;
    purpose: string;
  };
}

async function blobsOnDisk(): Promise<number> {
  const entries = await readdir(storageDir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).length;
}

async function rowCount(): Promise<number> {
  const { rows } = await gw.service.pool.query<{ n: string }>('SELECT count(*) AS n FROM files');
  return Number(rows[0]?.n);
}

/** Runs a refused upload and proves it left nothing: no row, no blob, no temp file. */
async function leavesNothing(run: () => Promise<void>): Promise<void> {
  const before = { rows: await rowCount(), blobs: await blobsOnDisk() };
  await run();
  expect({ rows: await rowCount(), blobs: await blobsOnDisk() }).toEqual(before);
}

const download = (fileId: string, token?: string | null, headers: Record<string, string> = {}) =>
  gw.app.inject({
    method: 'GET',
    url: `/api/v1/files/${fileId}`,
    headers: { ...headers, ...(token ? bearer(token) : {}) },
  });

describe('POST /files', () => {
  it('stores the file and answers its id, SHA-256, size and type (purpose as first field)', async () => {
    const body = await uploaded('business_licence', png, '营业执照.png');
    expect(body).toEqual({
      fileId: expect.any(String),
      sha256: sha256(png),
      size: png.length,
      contentType: 'image/png',
      purpose: 'business_licence',
      type: 'png',
    });
    const { rows } = await gw.service.pool.query('SELECT * FROM files WHERE id = $1', [body.fileId]);
    expect(rows[0]).toMatchObject({
      owner_id: enterprise.claims.sub,
      purpose: 'business_licence',
      type: 'png',
      content_type: 'image/png',
      size: png.length,
      sha256: sha256(png),
      original_name: '营业执照.png',
    });
  });

  it('takes the purpose from the query too', async () => {
    const res = await upload([filePart(jpeg, 'photo.jpg')], { query: '?purpose=expert_photo', token: provider.token });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ type: 'jpg', contentType: 'image/jpeg', purpose: 'expert_photo' });
  });

  it('judges the type by content: a PNG named .pdf is a png', async () => {
    const body = await uploaded('provider_commitment', png, 'commitment.pdf');
    expect(body).toMatchObject({ type: 'png', contentType: 'image/png' });
  });

  it('refuses content of a type the purpose does not allow (415 with purpose, detected, allowed)', async () => {
    await leavesNothing(async () => {
      const res = await upload([purposeField('business_licence'), filePart(pdf, 'licence.png')]);
      expect(res.statusCode).toBe(415);
      expect(res.json().error).toMatchObject({
        code: 'FILE_TYPE_NOT_ALLOWED',
        details: { purpose: 'business_licence', detected: 'pdf', allowed: ['jpg', 'png'] },
      });
    });
  });

  it.each([
    ['a Linux executable named .pdf', elf, 'elf'],
    ['a Windows executable named .pdf', windowsExe, 'exe'],
    ['plain text named .pdf', plainText, 'unknown'],
  ])('refuses %s with 415', async (_what, data, detected) => {
    await leavesNothing(async () => {
      const res = await upload([purposeField('provider_commitment'), filePart(data, 'commitment.pdf')], {
        token: provider.token,
      });
      expect(res.statusCode).toBe(415);
      expect(res.json().error).toMatchObject({ code: 'FILE_TYPE_NOT_ALLOWED', details: { detected } });
    });
  });

  it('refuses plain text named .png', async () => {
    await leavesNothing(async () => {
      const res = await upload([purposeField('product_image'), filePart(plainText, 'picture.png')], {
        token: provider.token,
      });
      expect(res.statusCode).toBe(415);
    });
  });

  describe('ZIP containers: docx and xlsx are told from a plain zip', () => {
    it('accepts a docx where docx is allowed, and a plain zip is not a docx', async () => {
      expect(await uploaded('case_document', docx, 'case.docx')).toMatchObject({
        type: 'docx',
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      });
      for (const data of [plainZip, zipWithWordFolder]) {
        await leavesNothing(async () => {
          const res = await upload([purposeField('case_document'), filePart(data, 'case.docx')], {
            token: provider.token,
          });
          expect(res.statusCode).toBe(415);
          expect(res.json().error.details).toMatchObject({ detected: 'zip' });
        });
      }
    });

    it('reads the whole file when the head of a ZIP cannot tell', async () => {
      // the premise: its first bytes alone read as a plain zip
      expect((await detectFromHead(docxLateContentTypes.subarray(0, HEAD_BYTES))).type).toBe('zip');
      expect(await uploaded('case_document', docxLateContentTypes, 'late.docx')).toMatchObject({ type: 'docx' });
      // and refuses it, after storing it for the look, where only zip is allowed: the blob is removed again
      await leavesNothing(async () => {
        const res = await upload([purposeField('application_form'), filePart(docxLateContentTypes, 'form.zip')]);
        expect(res.statusCode).toBe(415);
        expect(res.json().error.details).toMatchObject({ purpose: 'application_form', detected: 'docx' });
      });
    });

    it('a docx is not a zip: refused where only zip is allowed', async () => {
      const res = await upload([purposeField('application_form'), filePart(docx, 'form.zip')]);
      expect(res.statusCode).toBe(415);
      expect(await uploaded('application_form', plainZip, 'form.zip')).toMatchObject({ type: 'zip' });
    });

    it.each([
      ['application_form', 'zip', 'data.bin'],
      ['settlement_material', 'docx', 'word/document.xml'],
      ['announcement_attachment', 'docx', 'word/document.xml'],
    ] as const)(
      'refuses a zip bomb where %s takes a %s: 415 within seconds, nothing kept (issue 16)',
      async (purpose, kind, entry) => {
        const bomb = zipBomb(kind);
        await leavesNothing(async () => {
          const started = performance.now();
          const res = await upload([purposeField(purpose), filePart(bomb, `materials.${kind}`)], {
            token: uploaderOf(purpose),
          });
          expect(performance.now() - started).toBeLessThan(3000);
          expect(res.statusCode).toBe(415);
          expect(res.json().error).toMatchObject({
            code: 'FILE_TYPE_NOT_ALLOWED',
            details: { purpose, detected: 'zip', reason: `${entry} inflates more than 200 times its size` },
          });
        });
      },
    );

    it('accepts an xlsx for an announcement attachment', async () => {
      expect(await uploaded('announcement_attachment', xlsx, '名单.xlsx')).toMatchObject({ type: 'xlsx' });
    });
  });

  describe('size limits per purpose (expert_photo: 2 MB)', () => {
    const max = fileRules.expert_photo.maxBytes;

    it('accepts exactly the limit', async () => {
      expect((await uploaded('expert_photo', pngOfSize(max), 'big.png')).size).toBe(max);
    });

    it('refuses one byte more with 413, leaving no row and no file', async () => {
      await leavesNothing(async () => {
        const res = await upload([purposeField('expert_photo'), filePart(pngOfSize(max + 1), 'big.png')], {
          token: provider.token,
        });
        expect(res.statusCode).toBe(413);
        expect(res.json().error).toEqual({
          code: 'FILE_TOO_LARGE',
          message: expect.any(String),
          details: { purpose: 'expert_photo', maxBytes: max },
        });
      });
    });

    it('answers 413 over a real connection while the client is still sending', async () => {
      await leavesNothing(async () => {
        const form = new FormData();
        form.append('purpose', 'expert_photo');
        form.append('file', new Blob([pngOfSize(max * 3)]), 'huge.png');
        const res = await fetch(`${gw.url}/api/v1/files`, {
          method: 'POST',
          body: form,
          headers: bearer(provider.token),
        });
        expect(res.status).toBe(413);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('FILE_TOO_LARGE');
      });
    });

    it('answers 413 at once to a client that stops sending past the limit, and closes the connection', async () => {
      await leavesNothing(async () => {
        const { payload, headers } = multipart([purposeField('expert_photo'), filePart(pngOfSize(max * 2), 'a.png')]);
        const socket = connect(Number(new URL(gw.url).port), '127.0.0.1');
        let answer = '';
        socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
        const closed = new Promise((resolve) => socket.on('close', resolve));
        socket.write(
          `POST /api/v1/files HTTP/1.1\r\nHost: test\r\nContent-Type: ${headers['content-type']}\r\n` +
            `Content-Length: ${payload.length}\r\nAuthorization: Bearer ${provider.token}\r\n\r\n`,
        );
        // past the limit, then nothing more: the answer must not wait for the rest
        socket.write(payload.subarray(0, max + 64 * 1024));
        await closed;
        expect(answer).toMatch(/^HTTP\/1.1 413 /);
        expect(answer.toLowerCase()).toContain('connection: close');
        expect(answer).toContain('"FILE_TOO_LARGE"');
      });
    });

    it('lets a real client upload and download through the socket', async () => {
      const form = new FormData();
      form.append('purpose', 'contract');
      form.append('file', new Blob([pdf]), '合同 (签字版).pdf');
      const res = await fetch(`${gw.url}/api/v1/files`, {
        method: 'POST',
        body: form,
        headers: bearer(enterprise.token),
      });
      expect(res.status).toBe(201);
      const { fileId } = (await res.json()) as { fileId: string };
      const back = await fetch(`${gw.url}/api/v1/files/${fileId}`, { headers: bearer(enterprise.token) });
      expect(back.status).toBe(200);
      expect(Buffer.from(await back.arrayBuffer()).equals(pdf)).toBe(true);
      expect(back.headers.get('content-disposition')).toContain(
        `filename*=UTF-8''${encodeURIComponent('合同 (签字版).pdf').replace('(', '%28').replace(')', '%29')}`,
      );
    });
  });

  describe('bad requests', () => {
    it('needs a purpose: missing → 400 naming purpose', async () => {
      await leavesNothing(async () => {
        const res = await upload([filePart(png)]);
        expect(res.statusCode).toBe(400);
        expect(res.json().error).toMatchObject({
          code: 'VALIDATION_FAILED',
          details: { fields: [{ path: 'purpose' }] },
        });
      });
    });

    it('refuses a purpose sent after the file (its limit must be known first)', async () => {
      await leavesNothing(async () => {
        const res = await upload([filePart(png), purposeField('business_licence')]);
        expect(res.statusCode).toBe(400);
        expect(res.json().error.details.fields[0].path).toBe('purpose');
      });
    });

    it.each([
      ['in the form', [purposeField('selfie'), filePart(png)], ''],
      ['in the query', [filePart(png)], '?purpose=selfie'],
    ] as const)('refuses an unknown purpose %s', async (_where, parts, query) => {
      await leavesNothing(async () => {
        const res = await upload([...parts], { query });
        expect(res.statusCode).toBe(400);
        expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED' });
        expect(res.json().error.details.fields.map((f: { path: string }) => f.path)).toEqual(['purpose']);
      });
    });

    it('refuses two different purposes in query and form', async () => {
      const res = await upload([purposeField('expert_photo'), filePart(png)], {
        query: '?purpose=product_image',
        token: provider.token,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.fields[0].path).toBe('purpose');
    });

    it('needs a file part: missing → 400 naming file', async () => {
      const res = await upload([purposeField('business_licence')]);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.fields).toEqual([{ path: 'file', message: expect.any(String) }]);
    });

    it('refuses an empty file, a second file and a file under another name', async () => {
      await leavesNothing(async () => {
        const empty = await upload([purposeField('business_licence'), filePart(Buffer.alloc(0))]);
        expect(empty.statusCode).toBe(400);
        expect(empty.json().error.details.fields[0].path).toBe('file');
        const two = await upload([purposeField('business_licence'), filePart(png), filePart(png)]);
        expect(two.statusCode).toBe(400);
        expect(two.json().error.details.fields[0].path).toBe('file');
        const other = await upload([
          purposeField('business_licence'),
          { name: 'upload', file: { filename: 'a.png', data: png } },
        ]);
        expect(other.statusCode).toBe(400);
        expect(other.json().error.details.fields[0].path).toBe('file');
      });
    });

    it('refuses a body that is not multipart with 415', async () => {
      const res = await gw.app.inject({
        method: 'POST',
        url: '/api/v1/files?purpose=business_licence',
        payload: { file: png.toString('base64') },
        headers: bearer(enterprise.token),
      });
      expect(res.statusCode).toBe(415);
      expect(res.json().error.code).toBe('FILE_TYPE_NOT_ALLOWED');
    });

    it('refuses an anonymous upload with 401 before reading it', async () => {
      await leavesNothing(async () => {
        const res = await upload([purposeField('business_licence'), filePart(png)], { token: null });
        expect(res.statusCode).toBe(401);
        expect(res.json().error.code).toBe('UNAUTHENTICATED');
      });
    });
  });
});

describe('who may upload what (fileRules: the roles whose flows attach each purpose)', () => {
  const staffWith = (...permissions: StaffPermission[]) =>
    tokenFor({ role: 'provider_staff', providerId: provider.claims.sub, permissions }).token;
  const finance = tokenFor({ role: 'finance' }).token;

  it.each<[string, FilePurpose, string]>([
    ['an enterprise, a product image', 'product_image', enterprise.token],
    ['an enterprise, a notice attachment', 'announcement_attachment', enterprise.token],
    ['a provider, a notice attachment', 'announcement_attachment', provider.token],
    ['an operator, a product image', 'product_image', reviewer.token],
    ['a provider, a payment receipt', 'payment_receipt', provider.token],
    ['a provider’s staff without the products menu, a product image', 'product_image', staffWith('orders')],
    ['finance, a business licence', 'business_licence', finance],
  ])('refuses %s with 403 naming the purpose, and stores nothing', async (_who, purpose, token) => {
    await leavesNothing(async () => {
      const res = await upload([purposeField(purpose), filePart(png, 'a.png')], { token });
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'FORBIDDEN', details: { purpose } });
    });
  });

  it('refuses a purpose in the query before the body is read', async () => {
    await leavesNothing(async () => {
      const res = await upload([filePart(png, 'a.png')], { query: '?purpose=product_image', token: enterprise.token });
      expect(res.statusCode).toBe(403);
      expect(res.headers.connection).toBe('close');
    });
  });

  it.each<[string, FilePurpose, string]>([
    ['a provider, a product image', 'product_image', provider.token],
    ['its staff with the products menu, a product image', 'product_image', staffWith('products')],
    ['its staff with the settlement menu, a redemption material', 'settlement_material', staffWith('settlement')],
    ['an operator, a notice attachment', 'announcement_attachment', reviewer.token],
    ['an administrator, a notice attachment', 'announcement_attachment', admin.token],
    ['an enterprise, a payment receipt', 'payment_receipt', enterprise.token],
    ['a provider, its business licence', 'business_licence', provider.token],
  ])('accepts %s', async (_who, purpose, token) => {
    expect((await uploaded(purpose, png, 'a.png', token)).purpose).toBe(purpose);
  });
});

describe('GET /files/{fileId}', () => {
  let licence: string;
  let receipt: string;
  let caseDoc: string;
  let productImage: string;

  beforeAll(async () => {
    licence = (await uploaded('business_licence', png, '营业执照 副本.png')).fileId;
    receipt = (await uploaded('payment_receipt', pdf, 'receipt.pdf')).fileId;
    caseDoc = (await uploaded('case_document', docx, 'case.docx', provider.token)).fileId;
    productImage = (await uploaded('product_image', jpeg, 'product.jpg', provider.token)).fileId;
  });

  it('streams the bytes to the owner, byte-identical, with type, length, ETag and the original name', async () => {
    const res = await download(licence, enterprise.token);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(png)).toBe(true);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-length']).toBe(String(png.length));
    expect(res.headers.etag).toBe(`"${sha256(png)}"`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toBe(
      `inline; filename="____ __.png"; filename*=UTF-8''${encodeURIComponent('营业执照 副本.png')}`,
    );
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('offers office files as attachments', async () => {
    const res = await download(caseDoc, provider.token);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(docx)).toBe(true);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="case.docx"/);
  });

  it('answers 304 when the ETag matches, and HEAD without the body', async () => {
    const etag = `"${sha256(png)}"`;
    const cached = await download(licence, enterprise.token, { 'if-none-match': etag });
    expect(cached.statusCode).toBe(304);
    expect(cached.rawPayload.length).toBe(0);
    const head = await gw.app.inject({
      method: 'HEAD',
      url: `/api/v1/files/${licence}`,
      headers: bearer(enterprise.token),
    });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe(String(png.length));
    expect(head.rawPayload.length).toBe(0);
  });

  it('lets an admin read any file', async () => {
    const res = await download(licence, admin.token);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(png)).toBe(true);
  });

  it('answers 404 to another user, exactly as for an unknown id', async () => {
    const other = await download(licence, stranger.token);
    const unknown = await download(uuidv7(), stranger.token);
    expect(other.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(other.json().error).toEqual(unknown.json().error);
  });

  it('asks the owning service about anyone else, with the caller in the headers', async () => {
    gw.responder.reset();
    const res = await download(licence, reviewer.token);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(png)).toBe(true);
    const [call] = gw.responder.callsTo(fileAccessCommand('qualification'));
    expect(call?.payload).toEqual({ fileId: licence, ownerId: enterprise.claims.sub, purpose: 'business_licence' });
    expect(call?.ctx.caller).toMatchObject({ userId: reviewer.claims.sub, role: 'operator' });
    expect(call?.ctx.requestId).toBe(res.headers['x-request-id']);
  });

  it('answers 404 when the owning service says no', async () => {
    expect((await download(caseDoc, reviewer.token)).statusCode).toBe(404);
    expect((await download(licence, stranger.token)).statusCode).toBe(404);
  });

  it('answers 404 when the owning service does not answer at all', async () => {
    // nobody answers svc.orders.fileAccess on this bus
    expect((await download(receipt, reviewer.token)).statusCode).toBe(404);
    expect((await download(receipt, enterprise.token)).statusCode).toBe(200);
  });

  it('keeps a product picture private until its owner says a published record cites it', async () => {
    gw.responder.reset();
    const anonymous = await download(productImage, null);
    expect([anonymous.statusCode, anonymous.json().error.code]).toEqual([401, 'UNAUTHENTICATED']);
    // the question was asked without a caller: may anyone read it?
    const [asked] = gw.responder.callsTo(fileAccessCommand('catalog'));
    expect(asked?.payload).toEqual({ fileId: productImage, ownerId: provider.claims.sub, purpose: 'product_image' });
    expect(asked?.ctx.caller).toBeUndefined();
    expect((await download(productImage, stranger.token)).statusCode).toBe(404);
    const own = await download(productImage, provider.token);
    expect(own.statusCode).toBe(200);
    expect(own.headers['cache-control']).toBe('private, no-cache');
  });

  it('serves a published picture to anyone, without a token, cacheable for a few minutes', async () => {
    listedPictures.add(productImage);
    try {
      const res = await download(productImage, null);
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.equals(jpeg)).toBe(true);
      expect(res.headers['content-type']).toBe('image/jpeg');
      expect(res.headers['cache-control']).toBe('public, max-age=300');
    } finally {
      listedPictures.delete(productImage);
    }
    // delisted: private again
    expect((await download(productImage, null)).statusCode).toBe(401);
  });

  it('never asks whether a file of a purpose that is not publishable is published', async () => {
    gw.responder.reset();
    expect((await download(caseDoc, null)).statusCode).toBe(401);
    expect(gw.responder.callsTo(fileAccessCommand('catalog'))).toEqual([]);
  });

  it('asks for a token for anything else, known or not', async () => {
    for (const id of [licence, uuidv7()]) {
      const res = await download(id, null);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses an id that is not one with 400', async () => {
    const res = await download('not-an-id', enterprise.token);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields[0].path).toBe('fileId');
  });

  describe('GET /files/{fileId}/meta', () => {
    it('describes the file to its owner and to admins, and to nobody else', async () => {
      const mine = await gw.app.inject({
        method: 'GET',
        url: `/api/v1/files/${licence}/meta`,
        headers: bearer(enterprise.token),
      });
      expect(mine.statusCode).toBe(200);
      expect(mine.json()).toEqual({
        fileId: licence,
        ownerId: enterprise.claims.sub,
        purpose: 'business_licence',
        type: 'png',
        contentType: 'image/png',
        size: png.length,
        sha256: sha256(png),
        originalName: '营业执照 副本.png',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      const asAdmin = await gw.app.inject({
        method: 'GET',
        url: `/api/v1/files/${licence}/meta`,
        headers: bearer(admin.token),
      });
      expect(asAdmin.statusCode).toBe(200);
      for (const token of [stranger.token, reviewer.token]) {
        const res = await gw.app.inject({
          method: 'GET',
          url: `/api/v1/files/${licence}/meta`,
          headers: bearer(token),
        });
        expect(res.statusCode).toBe(404);
      }
      const anonymous = await gw.app.inject({ method: 'GET', url: `/api/v1/files/${licence}/meta` });
      expect(anonymous.statusCode).toBe(401);
    });
  });

  describe('svc.gateway.describeFiles', () => {
    it('answers owner, purpose and type of known ids, and leaves unknown ones out', async () => {
      const unknown = uuidv7();
      const reply = await services.request(
        files.describe,
        { fileIds: [receipt, unknown, licence] },
        { requestId: 'describe-1' },
      );
      expect(reply.files).toHaveLength(2);
      expect(reply.files.map((f) => f.fileId)).toEqual([receipt, licence]);
      expect(reply.files[0]).toMatchObject({
        ownerId: enterprise.claims.sub,
        purpose: 'payment_receipt',
        type: 'pdf',
        size: pdf.length,
        sha256: sha256(pdf),
        originalName: 'receipt.pdf',
      });
      expect(
        (await services.request(files.describe, { fileIds: [unknown] }, { requestId: 'describe-2' })).files,
      ).toEqual([]);
    });

    it('refuses an empty list', async () => {
      await expect(
        services.request(files.describe, { fileIds: [] }, { requestId: 'describe-3' }),
      ).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    });
  });
});

describe('storage and rows stay in step', () => {
  it('keeps one blob per row and no temp file', async () => {
    const temp = await readdir(join(storageDir, '.tmp')).catch(() => []);
    expect(temp).toEqual([]);
    expect(await blobsOnDisk()).toBe(await rowCount());
  });
});
