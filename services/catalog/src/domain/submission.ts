import type { FieldIssue, ProductContent } from '@voucher/contracts';

const REQUIRED_CASES = 3;

/**
 * CAT-1: what a product needs before it is submitted for review. A draft may
 * lack any of it; the refusal names every missing field at once, so the
 * provider fixes them in one pass.
 */
export function missingForSubmission(p: ProductContent): FieldIssue[] {
  const missing: FieldIssue[] = [];
  const need = (present: boolean, path: string, message = 'required to submit') => {
    if (!present) missing.push({ path, message });
  };
  need(p.relatedProductName !== undefined, 'relatedProductName');
  need(p.category !== undefined, 'category');
  need((p.tags?.length ?? 0) > 0, 'tags', 'at least one tag');
  need(p.thumbnailFileId !== undefined, 'thumbnailFileId');
  need((p.solutionTypes?.length ?? 0) > 0, 'solutionTypes', 'at least one solution type');
  need((p.industries?.length ?? 0) > 0, 'industries', 'at least one industry');
  need(p.historicalPrice !== undefined, 'historicalPrice');
  need(p.deliveryDays !== undefined, 'deliveryDays');
  need(p.deliveryPersonDays !== undefined, 'deliveryPersonDays');
  need(p.cases?.length === REQUIRED_CASES, 'cases', `exactly ${REQUIRED_CASES} case studies`);
  need(p.contact !== undefined, 'contact');
  need(p.detail !== undefined, 'detail');
  need(p.support !== undefined, 'support');
  need(p.region !== undefined, 'region');
  need((p.specs?.length ?? 0) > 0, 'specs', 'at least one spec');
  return missing;
}

/** Every upload a product refers to, with the purpose it must have been uploaded for (QUA-7). */
export function attachmentsOf(
  p: ProductContent,
): { field: string; fileId: string; purpose: 'product_image' | 'case_document' }[] {
  return [
    ...(p.thumbnailFileId
      ? [{ field: 'thumbnailFileId', fileId: p.thumbnailFileId, purpose: 'product_image' as const }]
      : []),
    ...(p.detail?.screenshotFileIds ?? []).map((fileId, i) => ({
      field: `detail.screenshotFileIds.${i}`,
      fileId,
      purpose: 'product_image' as const,
    })),
    ...(p.cases ?? []).map((c, i) => ({
      field: `cases.${i}.documentFileId`,
      fileId: c.documentFileId,
      purpose: 'case_document' as const,
    })),
  ];
}

/** The cheapest and the dearest spec (a free spec costs 0): what search filters and sorts by. */
export function priceRange(p: ProductContent): { min: number; max: number } {
  const prices = (p.specs ?? []).map((s) => (s.pricing === 'free' ? 0 : (s.price ?? 0)));
  return prices.length === 0 ? { min: 0, max: 0 } : { min: Math.min(...prices), max: Math.max(...prices) };
}
