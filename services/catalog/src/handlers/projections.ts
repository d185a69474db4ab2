import { sql, type Kysely } from 'kysely';
import { catalogEvents, lotteryEvents, orderEvents, qualificationEvents as qe } from '@voucher/contracts';
import { appendEvent, startConsumer, type Bus, type EventCause, type RunningConsumer } from '@voucher/bus';
import { recordAudit } from '@voucher/db';
import type { CatalogDeps } from './deps.ts';

type ProviderFacts = {
  providerId: string;
  companyName: string;
  region: { scope: 'province' | 'city'; city?: string | undefined };
  serviceScopes: string[];
};

const REVOKED_REASON = 'the provider is no longer certified';

async function upsertProvider(trx: Kysely<any>, d: ProviderFacts): Promise<boolean> {
  const region = d.region.scope === 'city' ? (d.region.city ?? null) : '全省';
  await sql`INSERT INTO providers (provider_id, company_name, region, service_scopes, certified)
            VALUES (${d.providerId}, ${d.companyName}, ${region}, ${d.serviceScopes}::text[], true)
            ON CONFLICT (provider_id) DO UPDATE SET company_name = EXCLUDED.company_name, region = EXCLUDED.region,
              service_scopes = EXCLUDED.service_scopes, certified = true`.execute(trx);
  // the name shown on listings follows the certified name
  const renamed = await sql`UPDATE listings SET provider_name = ${d.companyName}
    WHERE provider_id = ${d.providerId} AND provider_name IS DISTINCT FROM ${d.companyName}`.execute(trx);
  return Number(renamed.numAffectedRows ?? 0) > 0;
}

/**
 * A provider whose certification is revoked may not sell (CAT-3): its
 * listings are taken down with the reason, and orders and the wallet hear it.
 */
async function delistAllOf(trx: Kysely<any>, providerId: string, cause: EventCause): Promise<boolean> {
  const removed = (
    await sql<{
      product_id: string;
    }>`DELETE FROM listings WHERE provider_id = ${providerId} RETURNING product_id`.execute(trx)
  ).rows;
  for (const { product_id } of removed) {
    const before = (
      await sql<{
        state: string;
        name: string | null;
      }>`UPDATE products p SET state = 'delisted', delist_reason = ${REVOKED_REASON}, updated_at = now()
        FROM products old WHERE p.id = old.id AND p.id = ${product_id}
        RETURNING old.state, p.content->>'name' AS name`.execute(trx)
    ).rows[0];
    await recordAudit(trx, {
      entity: 'product',
      entityId: product_id,
      action: 'delisted',
      fromState: before?.state ?? null,
      toState: 'delisted',
      reason: REVOKED_REASON,
    });
    await appendEvent(
      trx,
      catalogEvents.productDelisted,
      {
        productId: product_id,
        providerId,
        // issue 18 item 2: the provider's message names the product
        productName: before?.name ?? '',
        forced: true,
        reason: REVOKED_REASON,
        at: new Date().toISOString(),
      },
      cause,
    );
  }
  return removed.length > 0;
}

/** What the catalog keeps of other services' facts (QUA-9, LOT-1, ORD-7), each consumer inbox de-duplicated. */
export function startProjections(bus: Bus, deps: CatalogDeps): Promise<RunningConsumer[]> {
  const common = { bus, db: deps.db };
  // the public catalogue shows the provider's name and only certified providers' listings
  const provider = async (trx: Kysely<any>, d: ProviderFacts) => {
    if (await upsertProvider(trx, d)) deps.listingsChanged.inTransaction();
  };
  const category = async (d: { code: string; name: string }, trx: Kysely<any>) => {
    await sql`INSERT INTO voucher_categories (code, name) VALUES (${d.code}, ${d.name})
              ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name`.execute(trx);
  };
  return Promise.all([
    startConsumer({
      ...common,
      name: 'catalog-providers',
      event: qe.providerCertified,
      handle: (e, trx) => provider(trx, e.data),
    }),
    startConsumer({
      ...common,
      name: 'catalog-providers',
      event: qe.providerUpdated,
      handle: (e, trx) => provider(trx, e.data),
    }),
    startConsumer({
      ...common,
      name: 'catalog-providers',
      event: qe.providerRevoked,
      handle: async (e, trx, _log, cause) => {
        await sql`UPDATE providers SET certified = false WHERE provider_id = ${e.data.applicantId}`.execute(trx);
        if (await delistAllOf(trx, e.data.applicantId, { ...cause, requestId: e.id })) {
          deps.listingsChanged.inTransaction();
        }
      },
    }),
    startConsumer({
      ...common,
      name: 'catalog-categories',
      event: lotteryEvents.categoryCreated,
      handle: (e, trx) => category(e.data, trx),
    }),
    startConsumer({
      ...common,
      name: 'catalog-categories',
      event: lotteryEvents.categoryUpdated,
      handle: (e, trx) => category(e.data, trx),
    }),
    startConsumer({
      ...common,
      name: 'catalog-evaluations',
      event: orderEvents.evaluated,
      handle: async (e, trx) => {
        const d = e.data;
        await sql`INSERT INTO evaluations (order_id, product_id, provider_id, enterprise_name, rating, text, auto, at)
                  VALUES (${d.orderId}, ${d.productId}, ${d.providerId}, ${d.enterpriseName}, ${d.rating}, ${d.text},
                          ${d.auto}, ${d.at})
                  ON CONFLICT (order_id) DO NOTHING`.execute(trx);
      },
    }),
  ]);
}
