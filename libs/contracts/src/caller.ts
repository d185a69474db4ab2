import { z } from 'zod';

export const roles = [
  'enterprise',
  'provider',
  'provider_staff',
  'district_officer',
  'operator',
  'expert',
  'approver',
  'finance',
  'admin',
  'scheduler',
] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

/** Roles an administrator creates (ID-10); the others register or are added by a provider. */
export const platformRoles = ['district_officer', 'operator', 'expert', 'approver', 'finance', 'admin'] as const;
export const platformRoleSchema = z.enum(platformRoles);

/** Menus a provider grants its staff (ID-8). */
export const staffPermissions = ['products', 'orders', 'settlement', 'experts', 'customers', 'statistics'] as const;
export const staffPermissionSchema = z.enum(staffPermissions);
export type StaffPermission = z.infer<typeof staffPermissionSchema>;

/**
 * Who is asking, as the gateway read it from a verified token (ARCHITECTURE A4).
 * Travels in NATS headers; services trust it only from the bus.
 */
export const callerSchema = z.object({
  userId: z.string(),
  role: roleSchema,
  username: z.string().optional(),
  sessionId: z.string().optional(),
  tokenId: z.string().optional(),
  district: z.string().optional(),
  providerId: z.string().optional(),
  permissions: z.array(staffPermissionSchema).optional(),
});
export type Caller = z.infer<typeof callerSchema>;

/**
 * The platform itself (DOMAIN §1 `scheduler`): timed jobs, and a saga's steps
 * that no user takes (a refund after a provider declines, a payment called off).
 */
export const systemCaller: Caller = { userId: '00000000-0000-0000-0000-000000000000', role: 'scheduler' };
