import { AppError, type Caller, type Payment, type PayRequest, type WalletSettings } from '@voucher/contracts';
import { groupIntake, type Pending } from '@voucher/kit';
import { checkDeduction, providerCap, providerCapBreach } from '../domain/deduction.ts';
import { judgePin } from '../domain/pin.ts';
import { readSettings } from '../store/settings.ts';
import { paymentView, readPayers, writePayments, type PaymentToWrite, type PayerRead } from '../store/payments.ts';
import { settlePin, type PinDeps } from './pin.ts';

export interface PaymentAsked {
  req: PayRequest;
  payer: Caller;
}

type Waiting = Pending<PaymentAsked, Payment>;

/** An order that already has a payment: a retry answers it, and deducts nothing more. */
async function answerEarlier(deps: PinDeps, p: Waiting, earlier: NonNullable<PayerRead['payment']>): Promise<void> {
  if (earlier.enterpriseId !== p.item.payer.userId) throw new AppError('NOT_FOUND', 'order not found');
  if (earlier.state === 'void') {
    throw new AppError('INVALID_STATE', 'this order gave up waiting for its payment', { state: 'void' });
  }
  p.resolve((await paymentView(deps.db, p.item.req.orderId))!.view);
}

/** WAL-4: the programme's ratio applies to every order; an order may only tighten it. */
function rulesOf(req: PayRequest, settings: WalletSettings): PayRequest {
  const ratio = [req.deductionRatioPercent, settings.deductionRatioPercent ?? undefined].filter((r) => r !== undefined);
  return { ...req, ...(ratio.length ? { deductionRatioPercent: Math.min(...ratio) } : {}) };
}

/**
 * One payment decided on what was read (WAL-2 PIN, WAL-4 deduction, ORD-9
 * cap given what the group took before it in `taken`): what to write, or
 * the refusal, thrown.
 */
async function decideOne(
  deps: PinDeps,
  p: Waiting,
  read: PayerRead,
  standing: { lockedUntil: Date | null; failures: number },
  settings: WalletSettings,
  taken: Map<string, number>,
): Promise<PaymentToWrite | null> {
  const { req, payer } = p.item;
  if (read.payment) {
    await answerEarlier(deps, p, read.payment);
    return null;
  }
  await settlePin(deps, payer.userId, judgePin(standing, read.pin, req.pin, deps.pinKey));
  const deduction = checkDeduction(rulesOf(req, settings), payer.userId, read.vouchers, new Date());
  if (!deduction.ok) throw new AppError(deduction.refusal.code, deduction.refusal.message, deduction.refusal.details);
  const byCity = new Map<string, number>();
  for (const l of deduction.lines) {
    const city = read.vouchers.find((v) => v.id === l.voucherId)!.city;
    byCity.set(city, (byCity.get(city) ?? 0) + l.amount);
  }
  const caps: Record<string, number> = {};
  for (const [city, amount] of byCity) {
    const key = `${req.providerId}:${city}`;
    const received = (read.received[city] ?? 0) + (taken.get(key) ?? 0);
    const issuanceTotal = settings.cityIssuanceTotals[city];
    const breach = providerCapBreach({
      city,
      amount,
      receivedSoFar: received,
      issuanceTotal,
      capPercent: settings.providerCapPercent,
    });
    if (breach) {
      throw new AppError('PROVIDER_CAP_REACHED', `this provider has reached its share of ${city}'s vouchers`, {
        city,
        cap: breach.cap,
        received,
      });
    }
    const cap = providerCap(issuanceTotal, settings.providerCapPercent);
    if (cap !== null) caps[city] = cap;
  }
  for (const [city, amount] of byCity) {
    const key = `${req.providerId}:${city}`;
    taken.set(key, (taken.get(key) ?? 0) + amount);
  }
  return {
    orderId: req.orderId,
    enterpriseId: payer.userId,
    providerId: req.providerId,
    deduction,
    vouchers: read.vouchers,
    caps,
  };
}

const isStale = (err: unknown) => ['40001', '40P01'].includes((err as { code?: string }).code ?? '');

/**
 * WAL-4's payments go through a group intake: the payments arriving together
 * are read in one round trip (their orders, PINs, vouchers and providers'
 * receipts, plus one Redis round trip for the PIN locks), decided one by one
 * in order, and written in one statement that stops if anything it read has
 * changed meanwhile, after which each payment is decided again alone. One
 * enterprise's payments never share groups under way, so a group reads its
 * vouchers as the group before left them.
 */
export function paymentIntake(deps: PinDeps) {
  return groupIntake<PaymentAsked, Payment, PaymentToWrite>({
    keyOf: (a) => a.payer.userId,
    passing: isStale,
    async decide(group) {
      const asked = group.map(({ item }) => ({
        orderId: item.req.orderId,
        enterpriseId: item.payer.userId,
        providerId: item.req.providerId,
        voucherIds: item.req.vouchers.map((v) => v.voucherId),
      }));
      const [reads, standings, settings] = await Promise.all([
        readPayers(deps.db, asked),
        deps.attempts.standings(asked.map((a) => a.enterpriseId)),
        readSettings(deps.db),
      ]);
      const taken = new Map<string, number>();
      const decided = [];
      for (const [i, p] of group.entries()) {
        try {
          const decision = await decideOne(deps, p, reads[i]!, standings[i]!, settings, taken);
          if (decision) decided.push({ pending: p, decision });
        } catch (err) {
          p.reject(err);
        }
      }
      return decided;
    },
    async write(decided) {
      const paid = await writePayments(
        deps.db,
        decided.map((d) => d.decision),
      );
      for (const { pending, decision } of decided) {
        if (!paid.has(decision.orderId)) {
          // paid at the same moment elsewhere, or called off by the saga's fence: answer what stands
          const earlier = await paymentView(deps.db, decision.orderId);
          await answerEarlier(deps, pending, { state: earlier!.view.state, enterpriseId: earlier!.enterpriseId }).catch(
            (err) => pending.reject(err),
          );
          continue;
        }
        pending.resolve({
          orderId: decision.orderId,
          state: 'paid',
          total: decision.deduction.total,
          lines: decision.deduction.lines.map((l) => {
            const v = decision.vouchers.find((x) => x.id === l.voucherId)!;
            return { ...l, voucherNumber: v.number, category: v.categoryCode, issuedAt: v.issuedAt.toISOString() };
          }),
        });
      }
    },
  });
}
