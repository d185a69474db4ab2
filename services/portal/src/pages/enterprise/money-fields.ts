/**
 * Money is integer fen in the API and yuan in the forms: these convert the
 * named fields of a form's values one way or the other, leaving the rest.
 */
export function yuanToFen<T extends Record<string, unknown>>(values: T, fields: readonly string[]): T {
  const out: Record<string, unknown> = { ...values };
  for (const f of fields) if (typeof out[f] === 'number') out[f] = Math.round((out[f] as number) * 100);
  return out as T;
}

export function fenToYuan<T extends Record<string, unknown>>(values: T, fields: readonly string[]): T {
  const out: Record<string, unknown> = { ...values };
  for (const f of fields) if (typeof out[f] === 'number') out[f] = (out[f] as number) / 100;
  return out as T;
}
