import { z } from 'zod';
import { defineCommand } from './define.ts';
import { idSchema, pageOf, pageQuerySchema } from './common.ts';

export const voucherStates = ['available', 'used', 'expired', 'reclaimed'] as const;
export const voucherStateSchema = z.enum(voucherStates);

/** API.md: a voucher in GET /wallet/vouchers */
export const voucherViewSchema = z.object({
  id: idSchema,
  number: z.string(),
  category: z.string(),
  categoryName: z.string(),
  faceValue: z.number().int(),
  balance: z.number().int(),
  state: voucherStateSchema,
  redemptionMode: z.enum(['balance', 'single_use']),
  issuedAt: z.string(),
  expiresAt: z.string(),
  source: z.object({ kind: z.enum(['draw', 'grab', 'grant']), batchId: z.string().nullable() }),
});
export type VoucherView = z.infer<typeof voucherViewSchema>;

export const ledgerKinds = ['issue', 'payment', 'forfeit', 'refund', 'expiry', 'reclaim'] as const;

/** API.md: a ledger entry; amount is signed fen, + in, - out (WAL-3) */
export const ledgerEntrySchema = z.object({
  id: idSchema,
  voucherId: idSchema,
  voucherNumber: z.string(),
  category: z.string(),
  kind: z.enum(ledgerKinds),
  amount: z.number().int(),
  balanceAfter: z.number().int(),
  orderId: z.string().nullable(),
  note: z.string(),
  at: z.string(),
  expiresAt: z.string(),
});

/** WAL-2: six digits; whether it is too easy is judged by the wallet (WEAK_PIN) */
export const pinSchema = z.string().regex(/^\d{6}$/, 'must be 6 digits');

export const wallet = {
  setPin: defineCommand('svc.wallet.setPin', z.object({ pin: pinSchema, oldPin: pinSchema.optional() }), z.object({})),
  resetPin: defineCommand(
    'svc.wallet.resetPin',
    z.object({ smsCode: z.string().regex(/^\d{6}$/, 'must be 6 digits'), newPin: pinSchema }),
    z.object({}),
  ),
  myVouchers: defineCommand(
    'svc.wallet.myVouchers',
    pageQuerySchema.extend({ state: voucherStateSchema.optional() }),
    pageOf(voucherViewSchema),
  ),
  myLedger: defineCommand('svc.wallet.myLedger', pageQuerySchema, pageOf(ledgerEntrySchema)),
} as const;
