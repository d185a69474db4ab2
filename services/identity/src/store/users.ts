import { sql, type Kysely, type Selectable } from 'kysely';
import type { Role, StaffPermission, UserView } from '@voucher/contracts';
import type { IdentityDb } from './schema.ts';
import type { AccountName } from '../domain/account-name.ts';

export type UserRow = Selectable<IdentityDb['users']>;
type Db = Kysely<IdentityDb>;

export function toUserView(u: UserRow): UserView {
  return {
    id: u.id,
    username: u.username,
    mobile: u.mobile,
    role: u.role as Role,
    email: u.email,
    district: u.district,
    providerId: u.role === 'provider' ? u.id : u.provider_id,
    permissions: u.permissions as StaffPermission[],
    createdAt: u.created_at.toISOString(),
  };
}

export function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** ID-3: the user an account names: by mobile, or by username in any case (domain/account-name.ts). */
export function findUserByAccount(db: Db, account: AccountName): Promise<UserRow | undefined> {
  const q = db.selectFrom('users').selectAll();
  return (
    account.kind === 'mobile'
      ? q.where('mobile', '=', account.mobile)
      : q.where(sql`lower(username)`, '=', account.username.toLowerCase())
  ).executeTakeFirst();
}

export function findUserByMobile(db: Db, mobile: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('mobile', '=', mobile).executeTakeFirst();
}

/** Which of a username and a mobile are already taken (ID-1: both unique). */
export async function takenFields(
  db: Db,
  username: string | null,
  mobile: string | null,
): Promise<('username' | 'mobile')[]> {
  const rows = await db
    .selectFrom('users')
    .select(['username', 'mobile'])
    .where((eb) =>
      eb.or([
        ...(username ? [eb(sql`lower(username)`, '=', username.toLowerCase())] : []),
        ...(mobile ? [eb('mobile', '=', mobile)] : []),
      ]),
    )
    .execute();
  const taken = new Set<'username' | 'mobile'>();
  for (const r of rows) {
    if (username && r.username.toLowerCase() === username.toLowerCase()) taken.add('username');
    if (mobile && r.mobile === mobile) taken.add('mobile');
  }
  return [...taken];
}

export interface NewUser {
  id: string;
  username: string;
  mobile: string;
  email?: string | null;
  role: Role;
  passwordHash: string;
  district?: string | null;
  providerId?: string | null;
  permissions?: StaffPermission[];
  createdBy?: string | null;
}

export async function insertUser(db: Db, u: NewUser): Promise<UserRow> {
  return db
    .insertInto('users')
    .values({
      id: u.id,
      username: u.username,
      mobile: u.mobile,
      email: u.email ?? null,
      role: u.role,
      password_hash: u.passwordHash,
      district: u.district ?? null,
      provider_id: u.providerId ?? null,
      permissions: u.permissions ?? [],
      created_by: u.createdBy ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The current hash and the last ones, newest first (ID-2 reuse check). */
export async function recentPasswordHashes(db: Db, userId: string, depth: number): Promise<string[]> {
  const rows = await db
    .selectFrom('password_history')
    .select('password_hash')
    .where('user_id', '=', userId)
    .orderBy('replaced_at', 'desc')
    .limit(depth)
    .execute();
  return rows.map((r) => r.password_hash);
}

export async function replacePassword(db: Db, user: UserRow, newHash: string): Promise<void> {
  await db.insertInto('password_history').values({ user_id: user.id, password_hash: user.password_hash }).execute();
  await db
    .updateTable('users')
    .set({ password_hash: newHash, updated_at: new Date() })
    .where('id', '=', user.id)
    .execute();
}

/**
 * A7: the same password's hash made at the current cost. Only if the hash is
 * still the one that was checked: a password changed meanwhile is not undone.
 */
export async function upgradePasswordHash(db: Db, user: UserRow, newHash: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: newHash })
    .where('id', '=', user.id)
    .where('password_hash', '=', user.password_hash)
    .execute();
}

/** ID-10: whether any administrator exists yet */
export async function anyAdmin(db: Db): Promise<boolean> {
  return (
    (await db.selectFrom('users').select('id').where('role', '=', 'admin').limit(1).executeTakeFirst()) !== undefined
  );
}

/** ID-8: a staff account of this provider's, or undefined (another provider's is not found either) */
export function findStaffOf(db: Db, providerId: string, id: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', id)
    .where('provider_id', '=', providerId)
    .executeTakeFirst();
}

/** ID-8: one page of a provider's staff, the newest first, and how many it has */
export async function pageOfStaff(
  db: Db,
  providerId: string,
  page: number,
  pageSize: number,
): Promise<{ rows: UserRow[]; total: number }> {
  const base = db.selectFrom('users').where('provider_id', '=', providerId);
  const [rows, count] = await Promise.all([
    base
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** the mobile and the e-mail given (an e-mail of null clears it); a taken mobile fails with unique_violation */
export function updateContact(
  db: Db,
  id: string,
  change: { mobile?: string | undefined; email?: string | null | undefined },
): Promise<UserRow> {
  return db
    .updateTable('users')
    .set({
      ...(change.mobile ? { mobile: change.mobile } : {}),
      ...(change.email !== undefined ? { email: change.email } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteUser(db: Db, id: string): Promise<void> {
  await db.deleteFrom('users').where('id', '=', id).execute();
}

export function setPermissions(db: Db, id: string, permissions: StaffPermission[]): Promise<UserRow> {
  return db
    .updateTable('users')
    .set({ permissions, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** QUA-9: an enterprise's district as qualification certified it (its district officer's reach, ID-7) */
export async function setDistrict(db: Db, enterpriseId: string, district: string | null): Promise<void> {
  await db
    .updateTable('users')
    .set({ district, updated_at: new Date() })
    .where('id', '=', enterpriseId)
    .where('role', '=', 'enterprise')
    .execute();
}

/** Postgres unique_violation on one of the users' unique indexes, as the field it concerns. */
export function uniqueViolationField(err: unknown): 'username' | 'mobile' | null {
  const e = err as { code?: string; constraint?: string };
  if (e.code !== '23505') return null;
  if (e.constraint === 'users_username_key') return 'username';
  if (e.constraint === 'users_mobile_key') return 'mobile';
  return null;
}
