import { sql, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Caller, Role, TodoKind, TodoSla } from '@voucher/contracts';
import { recordAudit } from '@voucher/db';
import { escalatedTo, ownersOf, type OpenTodo, type TodoChange } from '../domain/todos.ts';
import type { NotificationsDb } from './schema.ts';

type Db = Kysely<NotificationsDb>;

/**
 * Applies an event's to-do changes. Each to-do (kind, subject, review state)
 * takes a change only if the change's step happened after the last one it
 * took (`version_at`): a redelivered event, or one that arrives after a
 * later step, changes nothing, so a closed to-do is never resurrected. A
 * close that arrives before its open writes the to-do closed, and the open
 * that follows it finds it newer. Answers how many to-dos changed.
 */
export async function applyTodoChanges(db: Db, sourceEventId: string, changes: readonly TodoChange[]): Promise<number> {
  if (changes.length === 0) return 0;
  const rows = await db
    .insertInto('todos')
    .values(
      changes.map((c) => ({
        id: uuidv7(),
        kind: c.kind,
        subject_type: c.subjectType,
        subject_id: c.subjectId,
        step: c.step,
        user_id: 'userId' in c.owner ? c.owner.userId : null,
        role: 'role' in c.owner ? c.owner.role : null,
        district: 'role' in c.owner ? c.owner.district : null,
        chain: 'role' in c.owner ? c.owner.chain : null,
        title_zh: c.title['zh-CN'],
        title_en: c.title.en,
        params: JSON.stringify(c.params) as never,
        due_at: c.dueAt,
        opened_at: c.at,
        done_at: c.open ? null : c.at,
        version_at: c.at,
        source_event_id: sourceEventId,
      })),
    )
    .onConflict((oc) =>
      oc
        .constraint('todos_once_per_subject')
        .doUpdateSet({
          user_id: sql`excluded.user_id`,
          role: sql`excluded.role`,
          district: sql`excluded.district`,
          chain: sql`excluded.chain`,
          title_zh: sql`excluded.title_zh`,
          title_en: sql`excluded.title_en`,
          params: sql`excluded.params`,
          // an open that finds it closed reopens it from its own time; one that finds it open keeps its start
          opened_at: sql`CASE WHEN excluded.done_at IS NULL AND todos.done_at IS NOT NULL
                              THEN excluded.opened_at ELSE todos.opened_at END`,
          due_at: sql`CASE WHEN excluded.done_at IS NULL THEN excluded.due_at ELSE todos.due_at END`,
          done_at: sql`excluded.done_at`,
          version_at: sql`excluded.version_at`,
          source_event_id: sql`excluded.source_event_id`,
          updated_at: sql`now()`,
        })
        .where(sql<boolean>`todos.version_at < excluded.version_at`),
    )
    .returning('id')
    .execute();
  return rows.length;
}

/**
 * The open to-dos the caller may see, before the domain decides exactly:
 * its own (and its provider's, for staff with the `orders` menu), its role's queue items (of its district, for a district officer),
 * and the open items of the review states that escalate to its role.
 * At most `limit` of them, oldest first.
 */
export async function loadOpenTodos(
  db: Db,
  caller: Caller,
  slas: readonly TodoSla[],
  opts: { kind?: TodoKind; limit: number },
): Promise<OpenTodo[]> {
  const escalations = escalatedTo(caller.role as Role, slas);
  let q = db
    .selectFrom('todos')
    .selectAll()
    .where('done_at', 'is', null)
    .where((eb) => {
      const mine = [eb('user_id', 'in', ownersOf(caller))];
      // a district officer without a district has no queue (DOMAIN §1)
      const queue =
        caller.role !== 'district_officer'
          ? [eb('role', '=', caller.role)]
          : caller.district !== undefined
            ? [eb.and([eb('role', '=', caller.role), eb('district', '=', caller.district)])]
            : [];
      const escalated = escalations.map((e) => eb.and([eb('chain', '=', e.chain), eb('step', '=', e.state)]));
      return eb.or([...mine, ...queue, ...escalated]);
    });
  if (opts.kind) q = q.where('kind', '=', opts.kind);
  const rows = await q.orderBy('opened_at').orderBy('id').limit(opts.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as TodoKind,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    step: r.step,
    userId: r.user_id,
    role: r.role,
    district: r.district,
    chain: r.chain,
    title: { 'zh-CN': r.title_zh, en: r.title_en },
    dueAt: r.due_at,
    openedAt: r.opened_at,
    createdAt: r.created_at,
  }));
}

export async function readTodoSlas(db: Db): Promise<TodoSla[]> {
  const rows = await db.selectFrom('todo_slas').selectAll().orderBy('chain').orderBy('step').execute();
  return rows.map((r) => ({
    chain: r.chain as TodoSla['chain'],
    state: r.step,
    hours: r.hours,
    escalateTo: r.escalate_to as TodoSla['escalateTo'],
  }));
}

/** Sets the SLA of the states named (the others stay as they are), audited (DOMAIN §0b). */
export async function writeTodoSlas(db: Db, items: readonly TodoSla[], actor: Caller): Promise<TodoSla[]> {
  await db.transaction().execute(async (trx) => {
    for (const s of items) {
      const before = await trx
        .selectFrom('todo_slas')
        .selectAll()
        .where('chain', '=', s.chain)
        .where('step', '=', s.state)
        .executeTakeFirst();
      await trx
        .insertInto('todo_slas')
        .values({ chain: s.chain, step: s.state, hours: s.hours, escalate_to: s.escalateTo, updated_by: actor.userId })
        .onConflict((oc) =>
          oc.columns(['chain', 'step']).doUpdateSet({
            hours: s.hours,
            escalate_to: s.escalateTo,
            updated_by: actor.userId,
            updated_at: sql`now()`,
          }),
        )
        .execute();
      await recordAudit(trx, {
        entity: 'todo_sla',
        entityId: `${s.chain}/${s.state}`,
        action: 'set',
        actor,
        fromState: before ? `${before.hours ?? '-'}h→${before.escalate_to ?? '-'}` : null,
        toState: `${s.hours ?? '-'}h→${s.escalateTo ?? '-'}`,
      });
    }
  });
  return readTodoSlas(db);
}
