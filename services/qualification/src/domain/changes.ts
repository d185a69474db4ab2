/**
 * QUA-6: a certified company's name, credit code or contact person change
 * only through a new review; other fields are updated at once.
 */
export const FIELDS_NEEDING_REVIEW = ['companyName', 'creditCode', 'contactName', 'contactPhone'] as const;

export function fieldsNeedingReview(current: Record<string, unknown>, proposed: Record<string, unknown>): string[] {
  return FIELDS_NEEDING_REVIEW.filter((f) => current[f] !== proposed[f]);
}

/** QUA-4: what the programme now requires that the qualification's data lacks. */
export function missingRequiredFields(required: string[], data: Record<string, unknown>): string[] {
  return required.filter((f) => {
    const v = data[f];
    return (
      v === undefined ||
      v === null ||
      (typeof v === 'string' && v.trim() === '') ||
      (Array.isArray(v) && v.length === 0)
    );
  });
}
