import {
  AppError,
  isRefusal,
  refusalError,
  type Caller,
  type Payment,
  type PayRequest,
  type WalletSettings,
} from '@voucher/contracts';
import { groupIntake, type Pending } from '@voucher/kit';
import { checkDeduction, checkProviderCaps } from '../domain/deduction.ts';
import { judgePin } from '../domain/pin.ts';
import { paymentMoves } from '../domain/reminders.ts';
import { readSettings } from '../store/settings.ts';
import { paymentView, readPayers, writePayments, type PaymentToWrite, type PayerRead } from '../store/payments.ts';
import { settlePin } from './pin.ts';
import type { WalletDeps } from './deps.ts';

interface PaymentAsked {
  req: PayRequest;
  payer: Caller;
}

type Waiting = Pending<PaymentAsked, Payment>;

/** An order that already has a payment: a retry answers it, and deducts nothing more. */
async function answerEarlier(deps: WalletDeps, p: Waiting): Promise<void> {
  const earlier = (await paymentView(deps.db, p.item.req.orderId))!;
  if (earlier.enterpriseId !== p.item.payer.userId) throw new AppError('NOT_FOUND', 'order not found');
  if (earlier.view.state === 'void') {
    throw new AppError('INVALID_STATE', 'this order gave up waiting for its payment', { state: 'void' });
  }
  p.resolve(earlier.view);
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
  deps: WalletDeps,
  p: Waiting,
  read: PayerRead,
  standing: { lockedUntil: Date | null; failures: number },
  settings: WalletSettings,
  taken: Map<string, number>,
): Promise<PaymentToWrite | null> {
  const { req, payer } = p.item;
  if (read.paid) {
    await answerEarlier(deps, p);
    return null;
  }
  await settlePin(deps, payer.userId, judgePin(standing, read.pin, req.pin, deps.pinKey));
  const deduction = checkDeduction(rulesOf(req, settings), payer.userId, read.vouchers, new Date());
  if (isRefusal(deduction)) throw refusalError(deduction);
  const takenKey = (city: string) => `${req.providerId}:${city}`;
  const capped = checkProviderCaps({
    lines: deduction.lines,
    vouchers: read.vouchers,
    receivedSoFar: (city) => (read.received[city] ?? 0) + (taken.get(takenKey(city)) ?? 0),
    issuanceTotals: settings.cityIssuanceTotals,
    capPercent: settings.providerCapPercent,
  });
  if (isRefusal(capped)) throw refusalError(capped);
  for (const [city, amount] of capped.amounts) taken.set(takenKey(city), (taken.get(takenKey(city)) ?? 0) + amount);
  return {
    orderId: req.orderId,
    enterpriseId: payer.userId,
    providerId: req.providerId,
    deduction,
    vouchers: read.vouchers,
    caps: capped.caps,
    moves: paymentMoves(deduction.lines, read.vouchers),
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
export function paymentIntake(deps: WalletDeps) {
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
          await answerEarlier(deps, pending).catch((err) => pending.reject(err));
          continue;
        }
        deps.metrics.payments.inc();
        deps.metrics.paymentsFen.inc(decision.deduction.total);
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
