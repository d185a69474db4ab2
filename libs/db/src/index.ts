export * from './pool.ts';
export * from './migrate.ts';
export * from './audit.ts';
export * from './like.ts';
export * from './settings.ts';
export * from './batches.ts';
export { sql, type Kysely, type Transaction } from 'kysely';
