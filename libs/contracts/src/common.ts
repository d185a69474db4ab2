import { z } from 'zod';

export const idSchema = z.guid();
/** DOMAIN §2: a mainland mobile number, the shape an account typed at login is taken for first (ID-3). */
export const MOBILE_PATTERN = /^1\d{10}$/;
export const mobileSchema = z
  .string()
  .regex(MOBILE_PATTERN, 'must be a mainland mobile number: 1 followed by 10 digits');
export const smsCodeSchema = z.string().regex(/^\d{6}$/, 'must be 6 digits');
/** Edge bound only: the password policy (ID-2) is judged by identity, with its own code. */
export const passwordInputSchema = z.string().min(1, 'required').max(128, 'at most 128 characters');

export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
  });
}

export const emptySchema = z.object({});

/** An entity's state history as views show it (the audit trail, oldest first). */
export const historySchema = z.array(
  z.object({
    from: z.string().nullable(),
    to: z.string().nullable(),
    action: z.string(),
    role: z.string().nullable(),
    reason: z.string().nullable(),
    at: z.string(),
  }),
);
