/** Money is integer fen in the API and yuan wherever a person reads or types it. */

/** Fen shown as yuan with two decimals. */
export const yuan = (fen: number) => (fen / 100).toFixed(2);

/** Fen as the yuan a form's number input holds. */
export const toYuan = (fen: number) => fen / 100;

/** Yuan typed in a form as the API's fen (typed amounts have at most two decimals, the rounding only undoes float error). */
export const toFen = (yuanAmount: number) => Math.round(yuanAmount * 100);

/** The named money fields of a form's values in fen, leaving the rest. */
export function yuanToFen<T extends Record<string, unknown>>(values: T, fields: readonly string[]): T {
  return convert(values, fields, toFen);
}

/** The named money fields of the API's values in yuan, leaving the rest. */
export function fenToYuan<T extends Record<string, unknown>>(values: T, fields: readonly string[]): T {
  return convert(values, fields, toYuan);
}

function convert<T extends Record<string, unknown>>(
  values: T,
  fields: readonly string[],
  to: (v: number) => number,
): T {
  const out: Record<string, unknown> = { ...values };
  for (const f of fields) if (typeof out[f] === 'number') out[f] = to(out[f] as number);
  return out as T;
}
