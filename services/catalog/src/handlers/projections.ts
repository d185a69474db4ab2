import type { Kysely } from 'kysely';
import { catalogEvents, lotteryEvents, orderEvents, qualificationEvents as qe } from '@voucher/contracts';
import { appendEvent, startConsumer, type Bus, type EventCause, type RunningConsumer } from '@voucher/bus';
import { recordAudit } from '@voucher/db';
import { evaluationStore } from '../store/evaluations.ts';
import { listingStore } from '../store/listings.ts';
import { productStore } from '../store/products.ts';
import { providerStore } from '../store/providers.ts';
import { voucherCategoryStore } from '../store/voucher-categories.ts';
import type { CatalogDeps } from './deps.ts';
import type { DB as CatalogDb } from '../store/db.ts';

type ProviderFacts = {
  providerId: string;
  companyName: string;
  region: { scope: 'province' | 'city'; city?: string | undefined };
  serviceScopes: string[];
};

const REVOKED_REASON = 'the provider is no longer certified';

/** QUA-9: a certified provider's latest facts; true when the name its listings show changed. */
async function certify(trx: Kysely<CatalogDb>, d: ProviderFacts): Promise<boolean> {
  const region = d.region.scope === 'city' ? (d.region.city ?? null) : '全省';
  await providerStore(trx).certify({ ...d, region });
  return listingStore(trx).renameProvider(d.providerId, d.companyName);
}

/**
 * A provider whose certification is revoked may not sell (CAT-3): it is no
 * longer shown as certified, its listings are taken down with the reason,
 * and orders and the wallet hear it.
 */
async function revokeProvider(trx: Kysely<CatalogDb>, providerId: string, cause: EventCause): Promise<boolean> {
  await providerStore(trx).revoke(providerId);
  const removed = await listingStore(trx).removeAllOf(providerId);
  for (const productId of removed) {
    const before = await productStore(trx).delist(productId, REVOKED_REASON);
    await recordAudit(trx, {
      entity: 'product',
      entityId: productId,
      action: 'delisted',
      fromState: before?.state ?? null,
      toState: 'delisted',
      reason: REVOKED_REASON,
    });
    await appendEvent(
      trx,
      catalogEvents.productDelisted,
      {
        productId,
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
  const provider = async (trx: Kysely<CatalogDb>, d: ProviderFacts) => {
    if (await certify(trx, d)) deps.listingsChanged.inTransaction();
  };
  const category = (d: { code: string; name: string }, trx: Kysely<CatalogDb>) =>
    voucherCategoryStore(trx).record(d.code, d.name);
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
        if (await revokeProvider(trx, e.data.applicantId, { ...cause, requestId: e.id })) {
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
      handle: (e, trx) => evaluationStore(trx).record(e.data),
    }),
  ]);
}
