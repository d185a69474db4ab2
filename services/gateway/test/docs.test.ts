import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identity } from '@voucher/contracts';
import { startGateway, type TestGateway } from './harness.ts';
import { openApiDocument } from '../src/openapi-document.ts';
import { routeAccess } from '../src/http/route-access.ts';

const lastCode = async () => ({
  code: '123456',
  purpose: 'register' as const,
  sentAt: new Date().toISOString(),
  texts: [],
});

let dev: TestGateway;

beforeAll(async () => {
  dev = await startGateway({}, 'gwdocs');
  dev.responder.answer(identity.devSms, lastCode);
  await dev.responder.ready();
});

afterAll(async () => {
  await dev?.close();
});

const identityPaths = [
  ['post', '/api/v1/auth/sms-codes'],
  ['get', '/api/v1/auth/captcha'],
  ['post', '/api/v1/auth/register'],
  ['post', '/api/v1/auth/login'],
  ['post', '/api/v1/auth/login/second-factor'],
  ['post', '/api/v1/auth/refresh'],
  ['post', '/api/v1/auth/logout'],
  ['post', '/api/v1/auth/password-reset'],
  ['get', '/api/v1/me'],
  ['put', '/api/v1/me/password'],
  ['post', '/api/v1/admin/users'],
  ['post', '/api/v1/admin/users/{id}/password-reset'],
  ['get', '/api/v1/provider/staff'],
  ['post', '/api/v1/provider/staff'],
  ['patch', '/api/v1/provider/staff/{id}'],
  ['delete', '/api/v1/provider/staff/{id}'],
  ['post', '/api/v1/provider/staff/{id}/password-reset'],
  ['put', '/api/v1/provider/staff/{id}/permissions'],
  ['get', '/api/v1/provider/experts'],
  ['post', '/api/v1/provider/experts'],
  ['patch', '/api/v1/provider/experts/{id}'],
  ['delete', '/api/v1/provider/experts/{id}'],
] as const;

interface Operation {
  tags?: string[];
  summary?: string;
  description?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, unknown>;
}

describe('OpenAPI document', () => {
  it('lists every identity route with tags, summary, its roles and bearer security where signed in', async () => {
    const res = await dev.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as {
      paths: Record<string, Record<string, Operation>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const [method, path] of identityPaths) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(op?.tags?.length, path).toBeGreaterThan(0);
      expect(op?.summary, path).toBeTruthy();
      expect(op?.description, path).toMatch(/^Roles: /);
    }
    expect(doc.paths['/api/v1/me']?.get?.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/api/v1/auth/login']?.post?.security).toEqual([]);
    expect(doc.paths['/api/v1/admin/users/{id}/password-reset']?.post?.description).toContain(
      'district_officer (and admin)',
    );
    expect(doc.paths['/api/v1/provider/experts']?.get?.description).toContain('`experts` permission');
    expect(Object.keys(doc.paths['/api/v1/auth/register']?.post?.responses ?? {})).toContain('201');
    expect(Object.keys(doc.paths['/api/v1/auth/sms-codes']?.post?.responses ?? {})).toContain('202');
    expect(doc.paths['/healthz']).toBeDefined();
    expect(doc.paths['/api/v1/dev/sms/{mobile}']).toBeDefined();
  });

  it('documents the file routes by hand: multipart upload, binary download, metadata', async () => {
    const res = await dev.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    type Op = Operation & {
      requestBody?: { content: Record<string, { schema: { properties: Record<string, { format?: string }> } }> };
      parameters?: { name: string; in: string }[];
    };
    const paths = (res.json() as { paths: Record<string, Record<string, Op>> }).paths;
    const upload = paths['/api/v1/files']?.post;
    expect(upload?.description).toMatch(/^Roles: per purpose/);
    expect(upload?.description).toContain('| product_image | provider, provider_staff (staff: `products` menu) |');
    expect(upload?.security).toEqual([{ bearerAuth: [] }]);
    const form = upload?.requestBody?.content['multipart/form-data']?.schema;
    expect(form?.properties.file?.format).toBe('binary');
    expect(form?.properties.purpose).toBeDefined();
    expect(upload?.parameters).toContainEqual(expect.objectContaining({ name: 'purpose', in: 'query' }));
    expect(Object.keys(upload?.responses ?? {})).toContain('201');
    const get = paths['/api/v1/files/{fileId}']?.get;
    expect(get?.description).toMatch(/^Roles: public/);
    expect(get?.responses['200']).toMatchObject({
      content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
    });
    expect(paths['/api/v1/files/{fileId}']?.head).toBeUndefined();
    expect(paths['/api/v1/files/{fileId}/meta']?.get?.summary).toBeTruthy();
  });

  it('serves the interactive docs at /docs', async () => {
    const res = await dev.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
  });
});

describe('the route access table (issue 16)', () => {
  const asKey = (method: string, path: string) =>
    `${method.toUpperCase()} ${path.replace(/^\/api\/v1/, '').replace(/\{(\w+)\}/g, ':$1')}`;

  it('has a row for every route of the OpenAPI document, development routes included', async () => {
    const doc = (await dev.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => asKey(method, path)),
    );
    expect(documented.length).toBeGreaterThan(140);
    expect(documented.filter((key) => !(key in routeAccess))).toEqual([]);
  });

  it('has no row for a route the gateway does not serve', () => {
    const unserved = Object.keys(routeAccess).filter((key) => {
      const [method, path] = key.split(' ') as [string, string];
      const url = ['/healthz', '/readyz'].includes(path) ? path : `/api/v1${path}`;
      return !dev.app.hasRoute({ method: method as 'GET', url });
    });
    expect(unserved).toEqual([]);
  });

  it('states the roles of each route in its OpenAPI description', async () => {
    const doc = (await dev.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    expect(doc.paths['/api/v1/stats/vouchers']?.get?.description).toMatch(
      /^Roles: approver, finance, district_officer \(and admin\)/,
    );
    expect(doc.paths['/api/v1/settlement/applications/{id}/form']?.get?.description).toContain(
      '`settlement` permission',
    );
  });
});

describe('development routes', () => {
  it('answers the SMS sink outside production', async () => {
    const res = await dev.app.inject({ method: 'GET', url: '/api/v1/dev/sms/13800000000' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ code: '123456', purpose: 'register' });
    expect(dev.responder.callsTo(identity.devSms)[0]?.payload).toEqual({ mobile: '13800000000' });
  });

  it('has no development route at all in production', async () => {
    const prod = await startGateway(
      {
        NODE_ENV: 'production',
        ACCESS_TOKEN_PUBLIC_KEY: generateKeyPairSync('ed25519')
          .publicKey.export({ format: 'pem', type: 'spki' })
          .toString(),
        PASSWORD_KDF_COST: '17',
      },
      'gwprod',
    );
    try {
      prod.responder.answer(identity.devSms, lastCode);
      prod.responder.answer(identity.devCaptcha, async () => ({ text: 'abcd' }));
      await prod.responder.ready();
      for (const url of ['/api/v1/dev/sms/13800000000', '/api/v1/dev/captcha/some-id']) {
        const res = await prod.app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(404);
        expect(res.json().error.code).toBe('NOT_FOUND');
      }
      const doc = (await prod.app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: object };
      expect(Object.keys(doc.paths).filter((p) => p.includes('/dev/'))).toEqual([]);
      // the document the portal's client is generated from, built with no server: the same routes
      const offline = (await openApiDocument()) as { paths: object };
      expect(Object.keys(offline.paths).sort()).toEqual(Object.keys(doc.paths).sort());
      expect(prod.responder.calls).toHaveLength(0);
    } finally {
      await prod.close();
    }
  });
});
