import type { Kysely } from 'kysely';
import { isRefusal, refusalError, type Refusal } from '@voucher/contracts';
import { recordAudit, type AuditEntry } from '@voucher/db';
import { outboxInsert, type PendingEvent } from './outbox.ts';

/** What a transition records beside the subject's own rows: its audit entry and its events. */
export interface TransitionRecords {
  audit: AuditEntry | null;
  events: PendingEvent[];
}

/**
 * One transition of one subject: how it is locked, decided and written (its
 * store and its domain rule). `Outcome` is what the rule returns: a decision,
 * or a refusal, which is never written.
 */
export interface Transition<Row, Outcome extends object, DB = any> {
  /** the subject under its row lock; undefined when missing, or not the caller's to see */
  lock(trx: Kysely<DB>): Promise<Row | undefined>;
  notFound(): Error;
  /** the domain's decision on the locked row, or its typed refusal */
  decide(row: Row, trx: Kysely<DB>): Promise<Outcome> | Outcome;
  /** the decision's own writes (the state and what goes with it); its audit entry and events */
  write(trx: Kysely<DB>, row: Row, decision: Exclude<Outcome, Refusal>): Promise<TransitionRecords>;
}

/** The audit entry and the events of a transition, in the caller's transaction (A5). */
export async function recordTransitionRecords(trx: Kysely<any>, { audit, events }: TransitionRecords): Promise<void> {
  if (audit) await recordAudit(trx, audit);
  if (events.length > 0) await outboxInsert(events).execute(trx);
}

/**
 * Lock, decide, write: one subject's transition in one transaction, its
 * state, audit entry and events committed together or not at all (A5). Two
 * transitions of one subject at once are decided one after the other on the
 * locked row, so of two that conflict (an accept and a cancel) exactly one
 * wins; a refusal rolls back and changes nothing.
 */
export async function applyTransition<Row, Outcome extends object, DB = any>(
  db: Kysely<DB>,
  t: Transition<Row, Outcome, DB>,
): Promise<{ row: Row; decision: Exclude<Outcome, Refusal> }> {
  return db.transaction().execute(async (trx) => {
    const row = await t.lock(trx);
    if (row === undefined) throw t.notFound();
    const outcome: Outcome | Refusal = await t.decide(row, trx);
    if (isRefusal(outcome)) throw refusalError(outcome);
    const decision = outcome as Exclude<Outcome, Refusal>;
    await recordTransitionRecords(trx, await t.write(trx, row, decision));
    return { row, decision };
  });
}
