// The floor of a write path (issue 20 item 7): pgbench's built-in TPC-B-like
// script on this machine, now, in the same run as the path it is the floor of.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DURATION_S } from './http-load.ts';

// pgbench's clients: as many as a service's pool in the benchmark (DB_POOL_MAX 8), at a scale of one branch each
const PGBENCH_CLIENTS = Number(process.env.BENCH_PGBENCH_CLIENTS ?? 8);

/**
 * pgbench's built-in TPC-B-like script on this machine, now (A10: write
 * paths report it from the same run): its tables in the benchmark's own
 * database, dropped with it.
 */
export async function pgbenchFloor(
  databaseUrl: string,
): Promise<{ tps: number; clients: number; scale: number; seconds: number }> {
  const run = promisify(execFile);
  const scale = PGBENCH_CLIENTS;
  await run('pgbench', ['-i', '-q', '-s', String(scale), databaseUrl]);
  const { stdout } = await run('pgbench', [
    '-M',
    'prepared',
    '-c',
    String(PGBENCH_CLIENTS),
    '-j',
    '2',
    '-T',
    String(DURATION_S),
    databaseUrl,
  ]);
  const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1]);
  if (!Number.isFinite(tps)) throw new Error(`pgbench said no tps:\n${stdout}`);
  return { tps: Math.round(tps), clients: PGBENCH_CLIENTS, scale, seconds: DURATION_S };
}
