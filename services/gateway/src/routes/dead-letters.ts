import { notifications } from '@voucher/contracts';
import { route, type RouteDef } from '../http/route-table.ts';

/**
 * Issue 18 item 6: the channel deliveries the notifications service gave up
 * on (an SMS, an email, retried with backoff and then parked in the dead
 * letter), for an admin to see and replay.
 */
export const deadLetterRoutes: readonly RouteDef[] = [
  route({
    method: 'GET',
    url: '/admin/notifications/dead-letters',
    tags: ['admin'],
    summary:
      'The dead letters of the notifications service, oldest first: each with its consumer, the event’s type and id, ' +
      'when it was parked, its deliveries and the last failure; never the event’s data (texts, addresses)',
    query: notifications.deadLetters.request,
    command: notifications.deadLetters,
    payload: ({ query }) => query,
  }),
  route({
    method: 'POST',
    url: '/admin/notifications/dead-letters/:seq/replay',
    tags: ['admin'],
    summary:
      'Replay a dead letter: its event goes again to the consumer that failed (the same event id: the others skip it), ' +
      'once, and the dead letter is removed (404 NOT_FOUND once it is gone: replayed already, or never there; ' +
      '409 INVALID_STATE for one the service cannot republish)',
    params: notifications.replayDeadLetter.request,
    command: notifications.replayDeadLetter,
    payload: ({ params }) => params,
  }),
];
