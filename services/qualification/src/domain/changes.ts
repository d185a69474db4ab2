/**
 * QUA-6: a certified company's name, credit code or contact person change
 * only through a new review; so do its district and size, which QUA-5 judges
 * and which decide the officer who reviews it (DOMAIN §1) and the
 * programme's figures by district (SET-6). Other fields are updated at once.
 */
const FIELDS_NEEDING_REVIEW = ['companyName', 'creditCode', 'contactName', 'contactPhone', 'district', 'size'] as const;

/**
 * QUA-4: an approved voucher qualification is updated without a review,
 * except its district: that is which district officer approved it.
 */
const VOUCHER_FIELDS_NEEDING_REVIEW = ['district'] as const;

function changed(fields: readonly string[], current: Record<string, unknown>, proposed: Record<string, unknown>) {
  return fields.filter((f) => current[f] !== proposed[f]);
}

export function fieldsNeedingReview(current: Record<string, unknown>, proposed: Record<string, unknown>): string[] {
  return changed(FIELDS_NEEDING_REVIEW, current, proposed);
}

export function voucherFieldsNeedingReview(
  current: Record<string, unknown>,
  proposed: Record<string, unknown>,
): string[] {
  return changed(VOUCHER_FIELDS_NEEDING_REVIEW, current, proposed);
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
