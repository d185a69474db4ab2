import { productContentSchema, type ProductContent } from '@voucher/contracts';
import { toFen, toYuan } from '../../format/money.ts';
import { zodIssues, type FieldIssue } from '../../forms/field-issues.ts';

type Draft<T> = T extends (infer U)[] ? Draft<U>[] : T extends object ? { [K in keyof T]?: Draft<T[K]> } : T;

/**
 * The editor's values: the product's own shape (CAT-1/2) with every field
 * optional, and its money in yuan where the API holds fen.
 */
export type ProductForm = Draft<ProductContent>;

/** A money field the provider may not have filled in yet. */
const optionalFen = (v: number | undefined) => (v === undefined || v === null ? undefined : toFen(v));
const optionalYuan = (v: number | undefined) => (v === undefined ? undefined : toYuan(v));

const isBlank = (v: unknown): boolean =>
  v === undefined ||
  v === null ||
  v === '' ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && !Array.isArray(v) && Object.values(v as object).every(isBlank));

/** Leaves out what the provider has not filled in, so a draft may be partial (CAT-1). */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .map(([k, v]) => [k, compact(v)] as const)
        .filter(([, v]) => !isBlank(v)),
    );
  }
  return typeof value === 'string' ? value.trim() || undefined : value;
}

/** Drops the empty case slots at the end; an empty one before a filled one stays, to be named (exactly 3, CAT-1). */
function filledCases(cases: ProductForm['cases']) {
  const list = [...(cases ?? [])];
  while (list.length > 0 && isBlank(list[list.length - 1])) list.pop();
  return list.length > 0 ? list : undefined;
}

/** The form's values as the body of POST/PUT /catalog/products, checked with the contracts' schema. */
export function productBody(v: ProductForm): { ok: true; body: ProductContent } | { ok: false; issues: FieldIssue[] } {
  const raw = compact({
    ...v,
    historicalPrice: v.historicalPrice && {
      min: optionalFen(v.historicalPrice.min),
      max: optionalFen(v.historicalPrice.max),
    },
    cases: filledCases(v.cases)?.map((c) => ({
      ...c,
      customerAnnualOutput: optionalFen(c.customerAnnualOutput),
      saleAmount: optionalFen(c.saleAmount),
    })),
    // a spec row with only its default mode and pricing is one the provider has not started
    specs: v.specs
      ?.filter((s) => !isBlank(s.name) || !isBlank(s.price))
      .map((s) => ({ ...s, price: s.pricing === 'free' ? undefined : optionalFen(s.price) })),
    voucherTerms: v.voucherTerms && {
      ...v.voucherTerms,
      maxVoucherPerUnit: optionalFen(v.voucherTerms.maxVoucherPerUnit),
    },
  });
  const checked = productContentSchema.safeParse(raw);
  return checked.success ? { ok: true, body: checked.data } : { ok: false, issues: zodIssues(checked.error) };
}

/** A saved product in the editor: fen back to yuan, three case slots. */
export function productFormValues(content: ProductContent): ProductForm {
  const cases = (content.cases ?? []).map((c) => ({
    ...c,
    customerAnnualOutput: optionalYuan(c.customerAnnualOutput),
    saleAmount: optionalYuan(c.saleAmount),
  }));
  return {
    ...content,
    historicalPrice: content.historicalPrice && {
      min: optionalYuan(content.historicalPrice.min),
      max: optionalYuan(content.historicalPrice.max),
    },
    cases: [0, 1, 2].map((i) => cases[i] ?? {}),
    specs: content.specs?.map((s) => ({ ...s, price: optionalYuan(s.price) })),
    voucherTerms: content.voucherTerms && {
      ...content.voucherTerms,
      maxVoucherPerUnit: optionalYuan(content.voucherTerms.maxVoucherPerUnit),
    },
  };
}

export const emptyProductForm: ProductForm = {
  cases: [{}, {}, {}],
  specs: [{ purchaseMode: 'per_quantity', pricing: 'simple' }],
};
