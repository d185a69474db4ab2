import type { Kysely } from 'kysely';
import { PROJECTED_PER_TRANSACTION, startConsumer, type RunningConsumer } from '@voucher/bus';
import { identityEvents as ie, type DataOf, type EventDef } from '@voucher/contracts';
import { staffStandings, type StaffStanding } from '../domain/provider-staff.ts';
import type { Draft } from '../domain/templates.ts';
import { keepStaffStandings, staffWithOrders } from '../store/provider-staff.ts';
import type { NotificationsDb } from '../store/schema.ts';
import type { NotificationsDeps } from './deps.ts';

/** The durable consumer of identity's staff events: who of a provider's staff is told of its orders. */
const CONSUMER = 'notifications-staff';

/**
 * A decision for a provider's users: its staff with the `orders` menu (ID-8)
 * are read in the consumer's transaction that writes the messages, then the
 * domain decides.
 */
export const forProvider =
  <D extends { providerId: string }, A extends unknown[]>(
    decide: (d: D, staff: readonly string[], ...rest: A) => Draft[],
    ...rest: A
  ) =>
  async (d: D, trx: Kysely<NotificationsDb>) =>
    decide(d, await staffWithOrders(trx, d.providerId), ...rest);

function keepStaff<E extends EventDef>(
  deps: NotificationsDeps,
  event: E,
  toStandings: (data: DataOf<E>) => StaffStanding[],
): Promise<RunningConsumer> {
  return startConsumer({
    bus: deps.bus,
    db: deps.db,
    perTransaction: PROJECTED_PER_TRANSACTION,
    name: CONSUMER,
    event,
    handle: async (envelope, trx, log) => {
      const kept = await keepStaffStandings(trx as Kysely<NotificationsDb>, toStandings(envelope.data));
      // the event id leads to the user: no ids in the log
      log.info({ kept }, 'provider staff kept');
    },
  });
}

/** Keeps a provider's staff and their `orders` menu from identity's events (ID-8). */
export function startStaffConsumers(deps: NotificationsDeps): Promise<RunningConsumer[]> {
  return Promise.all([
    keepStaff(deps, ie.userCreated, staffStandings.created),
    keepStaff(deps, ie.staffPermissionsSet, staffStandings.permissionsSet),
    keepStaff(deps, ie.userDeleted, staffStandings.deleted),
  ]);
}
