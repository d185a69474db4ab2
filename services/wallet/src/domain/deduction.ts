import type { PayRequest } from '@voucher/contracts';

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

export type DeductionRefusal =
  | { code: 'VOUCHER_NOT_USABLE'; message: string; details: { voucherId: string; reason: string } }
  | { code: 'INSUFFICIENT_BALANCE'; message: string; details: { voucherId: string; balance: number } }
  | {
      code: 'DEDUCTION_RULE';
      message: string;
      details: { rule: 'product_maximum' | 'ratio' | 'order_amount' | 'duplicate'; limit: number };
    };

export type Deduction =
  | { ok: true; total: number; lines: { voucherId: string; amount: number; forfeited: number; balanceAfter: number }[] }
  | { ok: false; refusal: DeductionRefusal };

/**
 * WAL-4 as a pure decision: which amounts come off which vouchers, or why not.
 * The payment intake writes what this decides, only if the vouchers still
 * hold what the decision read.
 */
export function checkDeduction(req: PayRequest, payerId: string, vouchers: VoucherForPayment[], now: Date): Deduction {
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
        ok: false,
        refusal: {
          code: 'INSUFFICIENT_BALANCE',
          message: 'the amount is more than the voucher holds',
          details: { voucherId: v.id, balance: v.balance },
        },
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
    ok: true,
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

function notUsable(voucherId: string, reason: string): Deduction {
  return {
    ok: false,
    refusal: {
      code: 'VOUCHER_NOT_USABLE',
      message: `this voucher cannot pay: ${reason}`,
      details: { voucherId, reason },
    },
  };
}

function refuse(
  code: 'DEDUCTION_RULE',
  message: string,
  details: { rule: 'product_maximum' | 'ratio' | 'order_amount' | 'duplicate'; limit: number },
): Deduction {
  return { ok: false, refusal: { code, message, details } };
}

/** ORD-9: what a provider may receive of a city's vouchers; none when the city announced no issuance total. */
export function providerCap(issuanceTotal: number | undefined, capPercent: number): number | null {
  return issuanceTotal === undefined ? null : Math.floor((issuanceTotal * capPercent) / 100);
}

/**
 * ORD-9: a provider's vouchers received in a city stay within the cap percent
 * of the city's announced issuance; with no announced total, no cap.
 */
export function providerCapBreach(input: {
  city: string;
  amount: number;
  receivedSoFar: number;
  issuanceTotal: number | undefined;
  capPercent: number;
}): { cap: number } | null {
  const cap = providerCap(input.issuanceTotal, input.capPercent);
  if (cap === null) return null;
  return input.receivedSoFar + input.amount > cap ? { cap } : null;
}
