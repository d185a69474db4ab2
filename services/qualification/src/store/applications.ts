import { sql, type Kysely, type Selectable } from 'kysely';
import { appendEvent } from '@voucher/bus';
import {
  AppError,
  qualificationEvents,
  type ApplicationKind,
  type ApplicationState,
  type ApplicationView,
  type Caller,
} from '@voucher/contracts';
import type { QualificationDb } from './schema.ts';

type Db = Kysely<QualificationDb>;
export type ApplicationRow = Selectable<QualificationDb['applications']>;

export interface NewApplication {
  id: string;
  kind: ApplicationKind;
  applicantId: string;
  state: ApplicationState;
  companyName: string;
  creditCode: string | null;
  district: string | null;
  year: number | null;
  data: Record<string, unknown>;
  files: { fileId: string; purpose: string }[];
}

export async function insertApplication(db: Db, a: NewApplication, actor: Caller, action: string): Promise<void> {
  await db
    .insertInto('applications')
    .values({
      id: a.id,
      kind: a.kind,
      applicant_id: a.applicantId,
      state: a.state,
      company_name: a.companyName,
      credit_code: a.creditCode,
      district: a.district,
      year: a.year,
      data: JSON.stringify(a.data) as never,
      ...(a.state === 'submitted' ? {} : { decided_at: new Date() }),
    })
    .execute();
  await replaceFiles(db, a.id, a.files);
  await addHistory(db, a.id, { action, from: null, to: a.state, actor, reason: null });
  await announceStep(db, a, null, a.state);
}

/**
 * Every step of an application is announced (`evt.qualification.application.moved`),
 * in the transaction that takes it: the reviewers' queues of the to-dos
 * (issue 18 item 3) are built from these.
 */
async function announceStep(
  db: Db,
  a: {
    id: string;
    kind: string;
    applicantId: string;
    companyName: string;
    district: string | null;
    year: number | null;
  },
  from: ApplicationState | null,
  to: ApplicationState,
): Promise<void> {
  await appendEvent(db, qualificationEvents.applicationMoved, {
    applicationId: a.id,
    kind: a.kind as ApplicationKind,
    applicantId: a.applicantId,
    companyName: a.companyName,
    district: a.district,
    year: a.year,
    from,
    to,
    at: new Date().toISOString(),
  });
}

async function replaceFiles(db: Db, applicationId: string, files: { fileId: string; purpose: string }[]) {
  await db.deleteFrom('application_files').where('application_id', '=', applicationId).execute();
  if (files.length > 0) {
    await db
      .insertInto('application_files')
      .values(files.map((f) => ({ application_id: applicationId, file_id: f.fileId, purpose: f.purpose })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

async function addHistory(
  db: Db,
  applicationId: string,
  h: { action: string; from: ApplicationState | null; to: ApplicationState; actor: Caller; reason: string | null },
): Promise<void> {
  await db
    .insertInto('application_history')
    .values({
      application_id: applicationId,
      action: h.action,
      from_state: h.from,
      to_state: h.to,
      actor_id: h.actor.userId,
      actor_role: h.actor.role,
      reason: h.reason,
    })
    .execute();
}

export function findApplication(db: Db, id: string): Promise<ApplicationRow | undefined> {
  return db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Moves an application only if it is still in the state the decision was taken
 * from: of two reviewers acting at once, the second finds nothing to move.
 */
async function transition(
  db: Db,
  id: string,
  from: ApplicationState,
  to: ApplicationState,
  changes: {
    reason?: string | null;
    data?: Record<string, unknown>;
    companyName?: string;
    creditCode?: string | null;
    district?: string | null;
  } = {},
): Promise<ApplicationRow | undefined> {
  const decided = to !== 'submitted' && to !== 'operator_approved';
  return db
    .updateTable('applications')
    .set({
      state: to,
      ...(changes.reason !== undefined ? { reason: changes.reason } : {}),
      ...(changes.data !== undefined ? { data: JSON.stringify(changes.data) as never } : {}),
      ...(changes.companyName !== undefined ? { company_name: changes.companyName } : {}),
      ...(changes.creditCode !== undefined ? { credit_code: changes.creditCode } : {}),
      ...(changes.district !== undefined ? { district: changes.district } : {}),
      ...(to === 'submitted' ? { submitted_at: new Date(), decided_at: null, reason: changes.reason ?? null } : {}),
      ...(decided ? { decided_at: new Date() } : {}),
    })
    .where('id', '=', id)
    .where('state', '=', from)
    .returningAll()
    .executeTakeFirst();
}

type TransitionChanges = NonNullable<Parameters<typeof transition>[4]>;

/**
 * One step of an application's life: the guarded move, its attachments when
 * they changed, and its history line. A step whose starting state is gone
 * (someone decided meanwhile) is refused with 409.
 */
export async function advance(
  db: Db,
  app: ApplicationRow,
  to: ApplicationState,
  step: {
    action: string;
    actor: Caller;
    reason?: string | null;
    changes?: TransitionChanges;
    files?: { fileId: string; purpose: string }[];
  },
): Promise<ApplicationRow> {
  const from = app.state as ApplicationState;
  const moved = await transition(db, app.id, from, to, {
    ...step.changes,
    ...(step.reason !== undefined ? { reason: step.reason } : {}),
  });
  if (!moved) {
    const now = await findApplication(db, app.id);
    throw new AppError('INVALID_STATE', 'someone changed this application meanwhile', { state: now?.state ?? from });
  }
  if (step.files) await replaceFiles(db, app.id, step.files);
  await addHistory(db, app.id, { action: step.action, from, to, actor: step.actor, reason: step.reason ?? null });
  await announceStep(
    db,
    {
      id: moved.id,
      kind: moved.kind,
      applicantId: moved.applicant_id,
      companyName: moved.company_name,
      district: moved.district,
      year: moved.year,
    },
    from,
    to,
  );
  return moved;
}

/** QUA-7: the applications that cite this upload, whoever reviews them. */
export function applicationsCiting(db: Db, fileId: string): Promise<ApplicationRow[]> {
  return db
    .selectFrom('application_files')
    .innerJoin('applications', 'applications.id', 'application_files.application_id')
    .selectAll('applications')
    .where('application_files.file_id', '=', fileId)
    .execute();
}

/** Which of these uploads any application cites, a rejected one included. */
export async function citedFileIds(db: Db, fileIds: string[]): Promise<string[]> {
  const rows = await db
    .selectFrom('application_files')
    .select('file_id')
    .distinct()
    .where('file_id', 'in', fileIds)
    .execute();
  return rows.map((r) => r.file_id);
}

export async function toView(db: Db, rows: ApplicationRow[]): Promise<ApplicationView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [history, names] = await Promise.all([
    db.selectFrom('application_history').selectAll().where('application_id', 'in', ids).orderBy('id').execute(),
    db
      .selectFrom('applicants')
      .select(['user_id', 'username'])
      .where('user_id', 'in', [...new Set(rows.map((r) => r.applicant_id))])
      .execute(),
  ]);
  const nameOf = new Map(names.map((n) => [n.user_id, n.username]));
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as ApplicationKind,
    state: r.state as ApplicationState,
    applicantId: r.applicant_id,
    applicantName: nameOf.get(r.applicant_id) ?? null,
    companyName: r.company_name,
    creditCode: r.credit_code,
    district: r.district,
    year: r.year,
    data: r.data,
    submittedAt: r.submitted_at.toISOString(),
    decidedAt: r.decided_at?.toISOString() ?? null,
    reason: r.reason,
    history: history
      .filter((h) => h.application_id === r.id)
      .map((h) => ({
        action: h.action,
        fromState: h.from_state as ApplicationState | null,
        toState: h.to_state as ApplicationState,
        actorId: h.actor_id,
        actorRole: h.actor_role,
        reason: h.reason,
        at: h.at.toISOString(),
      })),
  }));
}

export function mine(db: Db, applicantId: string, kind: ApplicationKind): Promise<ApplicationRow[]> {
  return db
    .selectFrom('applications')
    .selectAll()
    .where('applicant_id', '=', applicantId)
    .where('kind', '=', kind)
    .orderBy('submitted_at', 'desc')
    .limit(100)
    .execute();
}

export interface QueueFilter {
  kinds: ApplicationKind[];
  states: ApplicationState[];
  district?: string;
  from?: string;
  to?: string;
  q?: string;
  applicant?: string;
  page: number;
  pageSize: number;
  timeZone: string;
}

/** QUA-8: a reviewer's queue, newest first; dates are the programme's calendar days. */
export async function queue(db: Db, f: QueueFilter): Promise<{ rows: ApplicationRow[]; total: number }> {
  let q = db.selectFrom('applications').where('kind', 'in', f.kinds).where('state', 'in', f.states);
  if (f.district !== undefined) q = q.where('district', '=', f.district);
  if (f.from) q = q.where(sql<boolean>`(submitted_at AT TIME ZONE ${f.timeZone})::date >= ${f.from}::date`);
  if (f.to) q = q.where(sql<boolean>`(submitted_at AT TIME ZONE ${f.timeZone})::date <= ${f.to}::date`);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('company_name', 'ilike', like), eb('credit_code', 'ilike', like)]));
  }
  if (f.applicant) {
    const applicant = f.applicant;
    q = q.where((eb) =>
      eb.or([
        eb(
          'applicant_id',
          'in',
          eb
            .selectFrom('applicants')
            .select('user_id')
            .where(sql<boolean>`lower(username) = lower(${applicant})`),
        ),
        ...(/^[0-9a-f-]{36}$/i.test(applicant) ? [eb('applicant_id', '=', applicant)] : []),
      ]),
    );
  }
  const [rows, count] = await Promise.all([
    q
      .selectAll()
      .orderBy('submitted_at', 'desc')
      .orderBy('id', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
