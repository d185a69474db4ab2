import type { FieldIssue } from '@voucher/contracts';

/** The order a general-voucher claim names, as settlement knows it from orders' and qualification's events. */
export interface ClaimedOrder {
  providerId: string;
  cancelled: boolean;
  /** its enterprise's certified name (QUA-9); null until qualification has told it */
  enterpriseName: string | null;
}

/**
 * SET-5: a provider claims a general voucher for a live order of its own,
 * naming that order's enterprise, for at most the programme's
 * general-voucher value (DOMAIN §0b). Answers what is wrong, field by field;
 * nothing when the claim may be filed. Another provider's order reads as no
 * order at all (API.md: existence is never revealed). That the order has not
 * been claimed before is the database's to guarantee (a unique index), since
 * two claims may race.
 */
export function checkGeneralClaim(
  claim: { enterpriseName: string; amount: number },
  order: ClaimedOrder | undefined,
  providerId: string,
  generalVoucherValue: number,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!order || order.providerId !== providerId || order.cancelled) {
    issues.push({ path: 'orderNo', message: 'no live order of yours has this number' });
  } else if (order.enterpriseName === null || order.enterpriseName !== claim.enterpriseName.trim()) {
    issues.push({ path: 'enterpriseName', message: 'is not the certified name of the enterprise of this order' });
  }
  if (claim.amount > generalVoucherValue) {
    issues.push({
      path: 'amount',
      message: `at most ${generalVoucherValue} fen, the programme's general-voucher value`,
    });
  }
  return issues;
}
