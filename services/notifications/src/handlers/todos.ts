import type { Kysely } from 'kysely';
import {
  requireRole,
  PROJECTED_PER_TRANSACTION,
  startConsumer,
  type Bus,
  type HandlerContext,
  type RunningConsumer,
} from '@voucher/bus';
import {
  catalogEvents as ce,
  notifications,
  orderEvents as oe,
  qualificationEvents as qe,
  settlementEvents as se,
  walletEvents as we,
  roles,
  type DataOf,
  type EventDef,
  type TodoKind,
  validationFailed,
} from '@voucher/contracts';
import {
  countTodos,
  isReviewState,
  orderTodoChanges,
  productTodoChanges,
  reviewTodoChanges,
  settlementTodoChanges,
  todosOf,
  voucherTodoChanges,
  type TodoChange,
} from '../domain/todos.ts';
import type { NotificationsDb } from '../store/schema.ts';
import { applyTodoChanges, loadOpenTodos, readTodoSlas, writeTodoSlas } from '../store/todos.ts';
import type { NotificationsDeps } from './deps.ts';

/** The durable consumer of the steps that open and close to-dos (A5, declared in libs/contracts). */
const CONSUMER = 'notifications-todos';

/**
 * The most open to-dos one caller's list is computed from. A reviewer's
 * queue beyond it is not listed (nor counted) until older items are done:
 * the queues of one programme stay far below it.
 */
const MAX_OPEN_LOADED = 5000;

/** One JetStream durable per event type, each event's changes applied in the transaction that records it in the inbox. */
function todosFrom<E extends EventDef>(
  deps: NotificationsDeps,
  event: E,
  toChanges: (data: DataOf<E>, occurredAt: string) => TodoChange[],
): Promise<RunningConsumer> {
  return startConsumer({
    bus: deps.bus,
    db: deps.db,
    perTransaction: PROJECTED_PER_TRANSACTION,
    name: CONSUMER,
    event,
    handle: async (envelope, trx, log) => {
      const changes = toChanges(envelope.data, envelope.occurredAt);
      const applied = await applyTodoChanges(trx as Kysely<NotificationsDb>, envelope.id, changes);
      // the event id leads to the rest: no user ids or names in the log
      log.info({ changes: changes.length, applied }, 'to-dos updated');
    },
  });
}

/** A reminder has no time of its own: the step is its event's, appended with the voucher's reminder. */
const voucherReminded = (d: DataOf<typeof we.voucherExpiring>, occurredAt: string) =>
  voucherTodoChanges({ ...d, toUse: d, at: occurredAt });
const voucherMoved = (d: DataOf<typeof we.voucherMoved>) =>
  voucherTodoChanges({ ...d, toUse: d.to === 'available' ? d.reminded : null });

/**
 * Starts the to-dos' consumers: every ORD-2 step of an order, every step of a
 * qualification application, of a product's listing review (CAT-3) and of a
 * redemption (SET-3), and a voucher's reminders and moves (WAL-6).
 */
export function startTodoConsumers(deps: NotificationsDeps): Promise<RunningConsumer[]> {
  const orderSteps = [
    oe.placed,
    oe.awaitingProvider,
    oe.accepted,
    oe.inService,
    oe.delivered,
    oe.cancelled,
    oe.completed,
  ];
  const settlementSteps = [se.submitted, se.assessed, se.paymentApproved, se.paid, se.confirmed, se.rejected];
  return Promise.all([
    ...orderSteps.map((event) => todosFrom(deps, event, orderTodoChanges)),
    todosFrom(deps, oe.evaluated, (d) => orderTodoChanges({ ...d, orderNo: d.orderId, to: 'evaluated' })),
    todosFrom(deps, qe.applicationMoved, reviewTodoChanges),
    todosFrom(deps, ce.productReviewMoved, productTodoChanges),
    ...settlementSteps.map((event) => todosFrom(deps, event, settlementTodoChanges)),
    todosFrom(deps, we.voucherExpiring, voucherReminded),
    todosFrom(deps, we.voucherMoved, voucherMoved),
  ]);
}

/** Commands: the caller's own to-dos and counts (every role), and the SLA settings (admin). */
export function registerTodoHandlers(bus: Bus, { db }: NotificationsDeps): void {
  async function visible(ctx: HandlerContext, kind?: TodoKind) {
    const caller = requireRole(ctx, ...roles);
    const slas = await readTodoSlas(db);
    const rows = await loadOpenTodos(db, caller, slas, { ...(kind ? { kind } : {}), limit: MAX_OPEN_LOADED });
    return todosOf(caller, rows, slas, new Date());
  }

  bus.handle(notifications.todos, async (query, ctx) => {
    const all = await visible(ctx, query.kind);
    const start = (query.page - 1) * query.pageSize;
    return {
      items: all.slice(start, start + query.pageSize),
      page: query.page,
      pageSize: query.pageSize,
      total: all.length,
    };
  });

  bus.handle(notifications.todoCounts, async (_req, ctx) => countTodos(await visible(ctx)));

  bus.handle(notifications.todoSlas, async (_req, ctx) => {
    requireRole(ctx, 'admin');
    return { items: await readTodoSlas(db) };
  });

  bus.handle(notifications.putTodoSlas, async ({ items }, ctx) => {
    const admin = requireRole(ctx, 'admin');
    const unknown = items.flatMap((s, i) =>
      isReviewState(s.chain, s.state)
        ? []
        : [{ path: `items.${i}.state`, message: `${s.chain} has no state ${s.state} that waits for a reviewer` }],
    );
    if (unknown.length > 0) throw validationFailed(unknown);
    return { items: await writeTodoSlas(db, items, admin) };
  });
}
