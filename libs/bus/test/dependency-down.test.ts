import { describe, expect, it } from 'vitest';
import { isDependencyDown } from '../src/index.ts';

describe('a command that failed because PostgreSQL or Redis went away is answered 503, not 500 (A8)', () => {
  it.each([
    ['PostgreSQL shutting down', { code: '57P01', message: 'terminating connection due to administrator command' }],
    ['PostgreSQL recovering', { code: '57P03', message: 'the database system is starting up' }],
    ['a connection exception', { code: '08006', message: 'connection failure' }],
    ['a connection refused', { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' }],
    ['a connection dropped mid-transaction', new Error('Connection terminated unexpectedly')],
    ['Redis gone', new Error('Connection is closed.')],
  ])('knows %s', (_, err) => {
    expect(isDependencyDown(err)).toBe(true);
  });

  it.each([
    ['a unique violation', { code: '23505', message: 'duplicate key value violates unique constraint' }],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['nothing', null],
  ])('does not mistake %s for it', (_, err) => {
    expect(isDependencyDown(err)).toBe(false);
  });
});
