import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { catalog, CONTROL_CHARACTERS_MESSAGE, identity, orders } from '@voucher/contracts';
import { openApiDocument } from '../src/openapi-document.ts';
import { bearer, startGateway, tokenFor, type TestGateway } from './harness.ts';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startGateway({}, 'gwcontrol');
  gw.responder.answer(identity.login, async () => {
    throw new Error('identity must not be asked');
  });
  gw.responder.answer(catalog.search, async (q) => ({
    items: [],
    page: q.page,
    pageSize: q.pageSize,
    total: 0,
    totalExact: true,
  }));
  gw.responder.answer(orders.decline, async () => {
    throw new Error('answered below');
  });
  await gw.responder.ready();
});

afterAll(async () => {
  await gw?.close();
});

type JsonSchema = Record<string, any>;

/** Every string schema of a JSON schema, with where it is. */
function strings(schema: JsonSchema | undefined, path: string): { path: string; schema: JsonSchema }[] {
  if (!schema || typeof schema !== 'object') return [];
  const found: { path: string; schema: JsonSchema }[] = [];
  if (schema.type === 'string' || (Array.isArray(schema.type) && schema.type.includes('string')))
    found.push({ path, schema });
  for (const [k, v] of Object.entries<JsonSchema>(schema.properties ?? {})) found.push(...strings(v, `${path}.${k}`));
  found.push(...strings(schema.items, `${path}.*`));
  if (typeof schema.additionalProperties === 'object') found.push(...strings(schema.additionalProperties, `${path}.*`));
  found.push(...strings(schema.propertyNames, `${path}.(key)`));
  for (const k of ['anyOf', 'oneOf', 'allOf'])
    for (const v of (schema[k] ?? []) as JsonSchema[]) found.push(...strings(v, path));
  return found;
}

/**
 * A string schema refuses control characters: by its pattern, or by being a
 * value from a list or a standard format. (An upload's bytes, `binary`, are a
 * file for storage, not text.)
 */
function refusesControl(schema: JsonSchema): boolean {
  if (schema.enum || schema.const !== undefined || schema.format === 'binary') return true;
  if (['uuid', 'email', 'date', 'date-time'].includes(schema.format)) return true;
  return typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test('a\u0000a');
}

describe('control characters are refused at the edge (issue 16)', () => {
  it('every string of every documented route (path, query, body) refuses them', async () => {
    const doc = (await openApiDocument()) as { paths: Record<string, Record<string, JsonSchema>> };
    const taking: string[] = [];
    let seen = 0;
    for (const [url, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const inputs = [
          ...((op.parameters ?? []) as JsonSchema[]).flatMap((p) => strings(p.schema, `${p.in}:${p.name}`)),
          ...Object.values<JsonSchema>(op.requestBody?.content ?? {}).flatMap((c) => strings(c.schema, 'body')),
        ];
        seen += inputs.length;
        for (const s of inputs) if (!refusesControl(s.schema)) taking.push(`${method.toUpperCase()} ${url} ${s.path}`);
      }
    }
    expect(seen).toBeGreaterThan(200);
    expect(taking).toEqual([]);
  });

  it('answers a NUL in the login account 400 VALIDATION_FAILED naming account, and asks identity nothing', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { account: 'admin\u0000', password: 'Secret#2026' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ path: 'account', message: CONTROL_CHARACTERS_MESSAGE }] },
    });
    expect(gw.responder.callsTo(identity.login)).toHaveLength(0);
  });

  it('refuses one in a query string too (search ?q=)', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/api/v1/catalog/products?q=%E8%BD%AF%00%E4%BB%B6' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields).toEqual([{ path: 'q', message: CONTROL_CHARACTERS_MESSAGE }]);
    expect(gw.responder.callsTo(catalog.search)).toHaveLength(0);
  });

  it('lets line breaks through where text runs over lines (a reason), not where it is one line', async () => {
    gw.responder.answer(orders.decline, async (req) => ({
      id: req.id,
      orderNo: '202612010000000000000001',
      state: 'cancelled' as const,
      enterpriseId: uuidv7(),
      enterpriseName: null,
      providerId: uuidv7(),
      providerName: '南京服务商',
      productId: uuidv7(),
      productName: '诊断服务',
      specName: '标准',
      unitPrice: 100,
      quantity: 1,
      totalAmount: 100,
      voucherAmount: 0,
      cashDue: 100,
      paymentState: 'none' as const,
      createdAt: new Date().toISOString(),
    }));
    const provider = bearer(tokenFor({ role: 'provider', providerId: uuidv7() }).token);
    const reason = await gw.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${uuidv7()}/decline`,
      headers: provider,
      payload: { reason: '排期已满\n下月再约' },
    });
    expect(reason.statusCode).toBe(200);
    expect(gw.responder.callsTo(orders.decline)[0]?.payload).toMatchObject({ reason: '排期已满\n下月再约' });
    const name = await gw.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { account: 'ad\nmin', password: 'Secret#2026' },
    });
    expect(name.statusCode).toBe(400);
  });
});
