export * from './pool.ts';
export * from './migrate.ts';
export { sql, type Kysely, type Transaction } from 'kysely';
