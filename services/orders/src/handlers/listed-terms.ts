import { catalog, catalogEvents, type ListedTerms } from '@voucher/contracts';
import type { Bus, RequestContext } from '@voucher/bus';

/**
 * The catalog's current terms of listed products (ORD-1), kept for a moment:
 * every order reads them, and asking the catalog each time doubled an
 * order's work. The catalog's own events keep the copy current in every
 * replica (a listing or an approved edit brings the new terms, a delisting
 * drops them); the expiry bounds what a missed event can leave stale.
 */
export function listedTermsSource(bus: Bus, keepMs: number) {
  const kept = new Map<string, { terms: ListedTerms; until: number }>();
  const keep = (terms: ListedTerms) => kept.set(terms.productId, { terms, until: Date.now() + keepMs });
  bus.watch(catalogEvents.productListed, keep);
  bus.watch(catalogEvents.productUpdated, keep);
  bus.watch(catalogEvents.productDelisted, ({ productId }) => kept.delete(productId));
  return {
    async get(productId: string, ctx: RequestContext): Promise<ListedTerms> {
      const hit = kept.get(productId);
      if (hit && hit.until > Date.now()) return hit.terms;
      const terms = await bus.request(
        catalog.product,
        { productId },
        { requestId: ctx.requestId, ...(ctx.trace ? { trace: ctx.trace } : {}) },
      );
      if (keepMs > 0) keep(terms);
      return terms;
    },
  };
}
export type ListedTermsSource = ReturnType<typeof listedTermsSource>;
