import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { catalog, orderEvents, type Caller, type ProductSearch } from '@voucher/contracts';
import { catalogHarness, type CatalogHarness } from './harness.ts';

let h: CatalogHarness;
let jinan: Caller;
let nanjing: Caller;
const ids: Record<string, string> = {};

const search = (f: Partial<ProductSearch> = {}) =>
  h.call(catalog.search, { page: 1, pageSize: 20, sort: 'newest', ...f });
const names = async (f: Partial<ProductSearch> = {}) => (await search(f)).items.map((p) => p.name);

beforeAll(async () => {
  h = await catalogHarness('catbrowse');
  await h.category('CERT');
  await h.category('DIAG');
  jinan = await h.provider({ name: '济南慧通信息技术有限公司', city: '济南市' });
  nanjing = await h.provider({ name: '南京云帆数字科技有限公司', city: '南京市' });
  const spec = (price: number) => [
    { name: '标准版', purchaseMode: 'per_quantity' as const, pricing: 'simple' as const, price },
  ];
  ids.iso = (await h.listed(jinan, { name: 'ISO14001环境管理体系认证', specs: spec(400_000) })).id;
  ids.diag = (
    await h.listed(nanjing, {
      name: '中小企业数字化转型诊断',
      category: '诊断服务',
      region: '南京市',
      specs: spec(150_000),
      voucherTerms: { acceptedCategories: ['DIAG'], maxVoucherPerUnit: 100_000, annualLimitPerEnterprise: 1 },
    })
  ).id;
  ids.cloud = (
    await h.listed(nanjing, {
      name: '上云用云咨询',
      category: '咨询服务',
      region: '南京市',
      specs: spec(80_000),
      voucherTerms: undefined,
    })
  ).id;
  ids.audit = (await h.listed(jinan, { name: '数据安全审计', category: '审计服务', specs: spec(600_000) })).id;
});
afterAll(() => h.close());

describe('CAT-4 public search', () => {
  it('finds Chinese names by any part of them, not by characters scattered apart', async () => {
    expect(await names({ q: '数字化转型' })).toEqual(['中小企业数字化转型诊断']);
    expect(await names({ q: '诊断' })).toEqual(['中小企业数字化转型诊断']);
    expect(await names({ q: '用云' })).toEqual(['上云用云咨询']);
    // one character: the provider 南京云帆 is searchable too
    expect(await names({ q: '云', sort: 'price_asc' })).toEqual(['上云用云咨询', '中小企业数字化转型诊断']);
    expect(await names({ q: '环境 认证' })).toEqual(['ISO14001环境管理体系认证']);
    // every pair of 企业转型 is in the name, but not the phrase itself
    expect(await names({ q: '企业转型' })).toEqual([]);
    expect(await names({ q: '区块链' })).toEqual([]);
  });

  it('finds Latin words by prefix and case-insensitively, and by the provider’s name', async () => {
    expect(await names({ q: 'iso' })).toEqual(['ISO14001环境管理体系认证']);
    expect(await names({ q: '14001' })).toEqual(['ISO14001环境管理体系认证']);
    expect(await names({ q: '云帆', sort: 'price_asc' })).toEqual(['上云用云咨询', '中小企业数字化转型诊断']);
  });

  it('filters by category, voucher category, voucher products only, price range, region and provider', async () => {
    expect(await names({ category: '审计服务' })).toEqual(['数据安全审计']);
    expect(await names({ voucherCategory: 'DIAG' })).toEqual(['中小企业数字化转型诊断']);
    expect(await names({ voucherOnly: true, sort: 'price_asc' })).toEqual([
      '中小企业数字化转型诊断',
      'ISO14001环境管理体系认证',
      '数据安全审计',
    ]);
    expect(await names({ minPrice: 100_000, maxPrice: 500_000, sort: 'price_asc' })).toEqual([
      '中小企业数字化转型诊断',
      'ISO14001环境管理体系认证',
    ]);
    expect(await names({ region: '南京市', sort: 'price_desc' })).toEqual(['中小企业数字化转型诊断', '上云用云咨询']);
    expect(await names({ providerId: jinan.userId, sort: 'price_desc' })).toEqual([
      '数据安全审计',
      'ISO14001环境管理体系认证',
    ]);
  });

  it('sorts by price either way and by newest, and pages with a total', async () => {
    expect(await names({ sort: 'price_asc' })).toEqual([
      '上云用云咨询',
      '中小企业数字化转型诊断',
      'ISO14001环境管理体系认证',
      '数据安全审计',
    ]);
    expect((await names({ sort: 'newest' }))[0]).toBe('数据安全审计');
    const page2 = await search({ sort: 'price_asc', page: 2, pageSize: 3 });
    expect(page2).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(page2.items.map((p) => p.name)).toEqual(['数据安全审计']);
  });

  it('refuses a price range upside down, a negative price and an unknown category', async () => {
    expect(
      (await h.refusal(catalog.search, { page: 1, pageSize: 20, sort: 'newest', minPrice: 9, maxPrice: 1 })).code,
    ).toBe('VALIDATION_FAILED');
    expect(
      (await h.refusal(catalog.search, { page: 1, pageSize: 20, sort: 'newest', minPrice: -1 } as ProductSearch)).code,
    ).toBe('VALIDATION_FAILED');
    expect(
      (await h.refusal(catalog.search, { page: 1, pageSize: 20, sort: 'newest', category: '房地产' } as never)).code,
    ).toBe('VALIDATION_FAILED');
  });
});

describe('CAT-4 product detail and providers', () => {
  it('shows the product with its provider, voucher terms and same-category recommendations', async () => {
    const other = await h.listed(jinan, { name: '质量管理体系认证' });
    const detail = await h.call(catalog.productDetail, { id: ids.iso! });
    expect(detail).toMatchObject({
      name: 'ISO14001环境管理体系认证',
      provider: { id: jinan.userId, name: '济南慧通信息技术有限公司', region: '济南市' },
      content: { contact: { name: '杨老师', mobile: '13800000000' } },
      voucherTerms: { acceptedCategories: ['CERT'] },
    });
    expect(detail.recommendations.map((r) => r.id)).toEqual([other.id]);
  });

  it('lists certified providers with how many products each has listed (seed 000 §2)', async () => {
    const { items } = await h.call(catalog.providers, { q: '云帆', page: 1, pageSize: 20 });
    expect(items).toEqual([expect.objectContaining({ id: nanjing.userId, listedProducts: 2, region: '南京市' })]);
    const byRegion = await h.call(catalog.providers, { region: '济南市', page: 1, pageSize: 20 });
    expect(byRegion.items.map((p) => p.id)).toContain(jinan.userId);
    const one = await h.call(catalog.provider, { id: nanjing.userId, page: 1, pageSize: 20 });
    expect(one.products.items.map((p) => p.name).sort()).toEqual(['上云用云咨询', '中小企业数字化转型诊断'].sort());
    expect((await h.refusal(catalog.provider, { id: uuidv7(), page: 1, pageSize: 20 })).code).toBe('NOT_FOUND');
  });
});

describe('CAT-5 evaluations from orders', () => {
  it('appear on the product page with masked names and in the provider’s list, once per order', async () => {
    const evaluation = {
      orderId: uuidv7(),
      productId: ids.diag!,
      providerId: nanjing.userId,
      enterpriseId: uuidv7(),
      enterpriseName: '南京某某科技有限公司',
      district: '玄武区',
      productName: '中小企业数字化转型诊断',
      providerName: '南京云帆数字科技有限公司',
      rating: 'good' as const,
      text: '诊断报告很专业',
      auto: false,
      at: new Date().toISOString(),
    };
    await h.announce(orderEvents.evaluated, evaluation);
    await h.announce(orderEvents.evaluated, evaluation);
    await h.announce(orderEvents.evaluated, {
      ...evaluation,
      orderId: uuidv7(),
      rating: 'neutral',
      auto: true,
      text: '',
    });
    const detail = await h.call(catalog.productDetail, { id: ids.diag! });
    expect(detail.evaluations).toMatchObject({ total: 2, good: 1, neutral: 1, bad: 0 });
    expect(detail.evaluations.recent.map((e) => e.enterpriseName)).toEqual(['南京**有限公司', '南京**有限公司']);
    const mine = await h.call(catalog.myEvaluations, { page: 1, pageSize: 20 }, nanjing);
    expect(mine.total).toBe(2);
    expect(mine.items[0]).toMatchObject({ productName: '中小企业数字化转型诊断' });
  });
});
