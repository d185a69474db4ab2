import type { PayRequest, Refusal } from '@voucher/contracts';

export interface VoucherForPayment {
  id: string;
  enterpriseId: string;
  categoryCode: string;
  balance: number;
  state: string;
  expiresAt: Date;
  redemptionMode: 'single_use' | 'balance';
  city: string;
}

type DeductionRule = 'product_maximum' | 'ratio' | 'order_amount' | 'duplicate';
type DeductionRefusal =
  | Refusal<'VOUCHER_NOT_USABLE', { voucherId: string; reason: string }>
  | Refusal<'INSUFFICIENT_BALANCE', { voucherId: string; balance: number }>
  | Refusal<'DEDUCTION_RULE', { rule: DeductionRule; limit: number }>;

/** What comes off each voucher of a payment, and the total. */
export interface Deduction {
  total: number;
  lines: { voucherId: string; amount: number; forfeited: number; balanceAfter: number }[];
}

/**
 * WAL-4 as a pure decision: which amounts come off which vouchers, or why not,
 * under the product's voucher terms (CAT-2: the categories it accepts, its
 * maximum per unit).
 * The payment intake writes what this decides, only if the vouchers still
 * hold what the decision read.
 */
export function checkDeduction(
  req: PayRequest,
  payerId: string,
  vouchers: VoucherForPayment[],
  now: Date,
): Deduction | DeductionRefusal {
  const byId = new Map(vouchers.map((v) => [v.id, v]));
  const seen = new Set<string>();
  for (const line of req.vouchers) {
    if (seen.has(line.voucherId)) {
      return refuse('DEDUCTION_RULE', 'a voucher is listed twice', { rule: 'duplicate', limit: 1 });
    }
    seen.add(line.voucherId);
    const v = byId.get(line.voucherId);
    // someone else's voucher is answered like a missing one
    if (!v || v.enterpriseId !== payerId) return notUsable(line.voucherId, 'not found in your wallet');
    if (v.state !== 'available') return notUsable(line.voucherId, `it is ${v.state}`);
    if (v.expiresAt <= now) return notUsable(line.voucherId, 'it has expired');
    if (!req.acceptedCategories.includes(v.categoryCode))
      return notUsable(line.voucherId, `this product does not accept ${v.categoryCode}`);
    if (line.amount > v.balance) {
      return {
        refused: 'INSUFFICIENT_BALANCE',
        why: 'the amount is more than the voucher holds',
        voucherId: v.id,
        balance: v.balance,
      };
    }
  }
  const total = req.vouchers.reduce((s, l) => s + l.amount, 0);
  const productMaximum = req.maxVoucherPerUnit * req.quantity;
  if (total > productMaximum) {
    return refuse('DEDUCTION_RULE', "more than the product's maximum voucher amount", {
      rule: 'product_maximum',
      limit: productMaximum,
    });
  }
  if (total > req.orderAmount)
    return refuse('DEDUCTION_RULE', 'more than the order amount', { rule: 'order_amount', limit: req.orderAmount });
  if (req.deductionRatioPercent !== undefined) {
    // integer fen: the ratio's cap rounds down, never up
    const cap = Math.floor((req.orderAmount * req.deductionRatioPercent) / 100);
    if (total > cap)
      return refuse('DEDUCTION_RULE', `more than ${req.deductionRatioPercent}% of the order`, {
        rule: 'ratio',
        limit: cap,
      });
  }
  return {
    total,
    lines: req.vouchers.map((l) => {
      const v = byId.get(l.voucherId)!;
      const left = v.balance - l.amount;
      // single_use: one order, the remainder is forfeited (seed 000)
      const forfeited = v.redemptionMode === 'single_use' ? left : 0;
      return { voucherId: l.voucherId, amount: l.amount, forfeited, balanceAfter: left - forfeited };
    }),
  };
}

function notUsable(voucherId: string, reason: string): DeductionRefusal {
  return { refused: 'VOUCHER_NOT_USABLE', why: `this voucher cannot pay: ${reason}`, voucherId, reason };
}

function refuse(code: 'DEDUCTION_RULE', why: string, facts: { rule: DeductionRule; limit: number }): DeductionRefusal {
  return { refused: code, why, ...facts };
}

/** ORD-9: what a provider may receive of a city's vouchers; none when the city announced no issuance total. */
export function providerCap(issuanceTotal: number | undefined, capPercent: number): number | null {
  return issuanceTotal === undefined ? null : Math.floor((issuanceTotal * capPercent) / 100);
}

/** The caps that apply to a payment (for the write to hold to) and its amounts per city. */
export interface CapCheck {
  caps: Record<string, number>;
  amounts: Map<string, number>;
}
type CapRefusal = Refusal<'PROVIDER_CAP_REACHED', { city: string; cap: number; received: number }>;

/**
 * ORD-9 for one payment: per city its vouchers come from, what the provider
 * has received there so far plus this payment stays within the cap percent
 * of the city's announced issuance (no announced total, no cap). Answers the
 * caps that apply (for the write to hold to) and the amounts per city, or
 * the first city the payment would take past its cap.
 */
export function checkProviderCaps(input: {
  lines: { voucherId: string; amount: number }[];
  vouchers: { id: string; city: string }[];
  receivedSoFar: (city: string) => number;
  issuanceTotals: Record<string, number>;
  capPercent: number;
}): CapCheck | CapRefusal {
  const amounts = new Map<string, number>();
  for (const l of input.lines) {
    const city = input.vouchers.find((v) => v.id === l.voucherId)!.city;
    amounts.set(city, (amounts.get(city) ?? 0) + l.amount);
  }
  const caps: Record<string, number> = {};
  for (const [city, amount] of amounts) {
    const cap = providerCap(input.issuanceTotals[city], input.capPercent);
    if (cap === null) continue;
    const received = input.receivedSoFar(city);
    if (received + amount > cap) {
      return {
        refused: 'PROVIDER_CAP_REACHED',
        why: `this provider has reached its share of ${city}'s vouchers`,
        city,
        cap,
        received,
      };
    }
    caps[city] = cap;
  }
  return { caps, amounts };
}
