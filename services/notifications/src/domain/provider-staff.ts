import type { DataOf, identityEvents as ie } from '@voucher/contracts';

/**
 * A provider's staff member as identity's events leave it (ID-8): whose
 * staff it is and whether it holds the `orders` menu, which is what has it
 * told of the provider's orders (issue 18), as of the event's time. A
 * deletion leaves it without `orders` and its provider unknown.
 */
export interface StaffStanding {
  userId: string;
  providerId: string | null;
  orders: boolean;
  at: Date;
}

const holdsOrders = (permissions: readonly string[]) => permissions.includes('orders');

/** What each of identity's events says of a staff member; the other users' creations say nothing. */
export const staffStandings = {
  created: (d: DataOf<typeof ie.userCreated>): StaffStanding[] =>
    d.role === 'provider_staff' && d.providerId !== null
      ? [{ userId: d.userId, providerId: d.providerId, orders: holdsOrders(d.permissions), at: new Date(d.createdAt) }]
      : [],
  permissionsSet: (d: DataOf<typeof ie.staffPermissionsSet>): StaffStanding[] => [
    { userId: d.userId, providerId: d.providerId, orders: holdsOrders(d.permissions), at: new Date(d.at) },
  ],
  deleted: (d: DataOf<typeof ie.userDeleted>): StaffStanding[] => [
    { userId: d.userId, providerId: null, orders: false, at: new Date(d.at) },
  ],
} as const;
