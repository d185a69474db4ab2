import type { productCategories } from '@voucher/contracts';
import { client, unwrap } from '../api/client.ts';

export type Category = (typeof productCategories)[number];

/** What the catalogue shows: a keyword, a category, voucher products only, a page of 12. */
export interface CatalogueFilter {
  q: string;
  category?: Category;
  voucherOnly: boolean;
  page: number;
}

/**
 * The catalogue's query (CAT-4), for `useQuery` on the page and for `main.tsx`, which asks for the first page of
 * products before React has drawn anything, so the call runs while the page is being drawn (issue 20 item 6).
 */
export const catalogueQuery = ({ q, category, voucherOnly, page }: CatalogueFilter) => ({
  queryKey: ['catalogue', q, category, voucherOnly, page],
  queryFn: () =>
    unwrap(
      client.GET('/api/v1/catalog/products', {
        params: {
          query: {
            page,
            pageSize: 12,
            ...(q ? { q } : {}),
            ...(category ? { category } : {}),
            ...(voucherOnly ? { voucherOnly: 'true' as const } : {}),
          },
        },
      }),
    ),
});
