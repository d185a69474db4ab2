// Listed products as the catalog holds them, written straight into its tables
// with their search terms computed by the catalog's own functions: the
// benchmarks that need a filled catalogue fill it the same way.
import { randomInt, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { facetTerms, indexTerms, normalizeText } from '../../services/catalog/src/domain/search-terms.ts';

const BATCH = 5_000;

export const places = ['南京', '济南', '广州', '苏州', '青岛', '佛山', '无锡', '烟台', '东莞', '常州'];
export const domains = [
  '智能制造',
  '数字化转型',
  '工业互联网',
  '数据安全',
  '上云用云',
  '两化融合',
  '质量管理',
  '能源管理',
  '供应链',
  '财务共享',
  '设备运维',
  '环境管理',
];
export const kinds = ['诊断服务', '咨询服务', '体系认证', '贯标辅导', '解决方案', '审计服务', '培训课程', '平台订阅'];
const latin = ['ISO9001', 'ISO14001', 'DCMM', 'ERP', 'MES', 'CRM', 'SaaS', 'IoT', 'AI', ''];
export const categories = ['解决方案与产品', '诊断服务', '体系认证', '审计服务', '咨询服务', '培训服务'];
export const voucherCodes = ['DIAG', 'CERT', 'AUDIT', 'CLOUD'];
export const pick = <T>(xs: readonly T[]) => xs[randomInt(0, xs.length)]!;

/** One listed product as the catalog would hold it, with its search terms computed by the catalog's own function. */
function listing(i: number, providers: { id: string; name: string }[]) {
  const provider = providers[i % providers.length]!;
  const name = `${pick(places)}${pick(domains)}${pick(kinds)}${pick(latin)}`;
  const category = pick(categories);
  const region = `${pick(places)}市`;
  const price = randomInt(10, 2_000) * 1_000;
  const accepts = randomInt(0, 3) > 0 ? [pick(voucherCodes)] : [];
  const content = {
    name,
    category,
    region,
    tags: [pick(kinds)],
    specs: [{ name: '标准版', purchaseMode: 'per_quantity', pricing: 'simple', price }],
    ...(accepts.length
      ? { voucherTerms: { acceptedCategories: accepts, maxVoucherPerUnit: price, annualLimitPerEnterprise: 2 } }
      : {}),
  };
  const text = [name, category, provider.name, ...content.tags].join(' ');
  return {
    id: randomUUID(),
    provider_id: provider.id,
    provider_name: provider.name,
    name,
    category,
    region,
    price,
    search_text: normalizeText(text),
    search_terms: [...indexTerms(text), ...facetTerms({ category, region, voucherCategories: accepts })],
    content,
  };
}

/** Writes `count` listed products of up to 2,000 certified providers, listed over the past year. */
export async function writeListings(db: pg.Pool, count: number): Promise<void> {
  const providers = Array.from({ length: Math.min(2_000, count) }, (_, i) => ({
    id: randomUUID(),
    name: `${pick(places)}第${i}数字科技有限公司`,
  }));
  await db.query(
    `INSERT INTO catalog.providers (provider_id, company_name, region, certified)
     SELECT (p->>'id')::uuid, p->>'name', '南京市', true FROM jsonb_array_elements($1::jsonb) p`,
    [JSON.stringify(providers)],
  );
  for (let from = 0; from < count; from += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, count - from) }, (_, k) => listing(from + k, providers));
    const json = JSON.stringify(rows);
    await db.query(
      `INSERT INTO catalog.products (id, provider_id, state, content)
       SELECT (r->>'id')::uuid, (r->>'provider_id')::uuid, 'listed', r->'content' FROM jsonb_array_elements($1::jsonb) r`,
      [json],
    );
    await db.query(
      `INSERT INTO catalog.listings (product_id, version, provider_id, provider_name, name, category, region, min_price, max_price,
                                     search_text, search_terms, content, listed_at)
       SELECT (r->>'id')::uuid, 1, (r->>'provider_id')::uuid, r->>'provider_name', r->>'name', r->>'category', r->>'region',
              (r->>'price')::bigint, (r->>'price')::bigint,
              r->>'search_text',
              ARRAY(SELECT jsonb_array_elements_text(r->'search_terms')), r->'content',
              now() - make_interval(secs => (random() * 86400 * 365)::int)
       FROM jsonb_array_elements($1::jsonb) r`,
      [json],
    );
  }
}
