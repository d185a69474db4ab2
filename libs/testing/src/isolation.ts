import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';
import { Bus, busKeysDir, busNaming, loadBusKeys, OPERATOR_IDENTITY, platformStreams } from '@voucher/bus';
import { createLogger } from '@voucher/kit';
import { FILES_BUCKET } from '@voucher/contracts';
import { StorageType } from '@nats-io/jetstream';
import { Objm } from '@nats-io/obj';

/**
 * Each test file gets its own database, bus prefix and Redis key prefix so
 * suites run side by side on one shared machine (ARCHITECTURE A10a).
 */
export const infra = {
  postgresAdminUrl: process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4223',
  /** the set-up's bus keys (A7): tests connect as the identities they play */
  busKeysDir: busKeysDir(process.env.BUS_KEYS_DIR),
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  /** 3 when the tests run against the local cluster (npm run cluster), as its services do */
  busReplicas: Number(process.env.BUS_REPLICAS ?? 1),
};

export interface Isolation {
  id: string;
  databaseUrl: string;
  busPrefix: string;
  redisPrefix: string;
  /** environment for a service started inside this isolation */
  env: Record<string, string>;
  dispose(): Promise<void>;
}

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A bus other than the shared one: the local cluster's, say (A8). */
export interface IsolationBus {
  url: string;
  keysDir: string;
  replicas: number;
}

export async function isolate(
  label = 't',
  {
    bus = { url: infra.natsUrl, keysDir: infra.busKeysDir, replicas: infra.busReplicas },
    redisUrl = infra.redisUrl,
    postgresAdminUrl = infra.postgresAdminUrl,
  }: { bus?: IsolationBus; redisUrl?: string; postgresAdminUrl?: string } = {},
): Promise<Isolation> {
  const id = `${label
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase()
    .slice(0, 12)}${randomBytes(4).toString('hex')}`;
  const dbName = `vt_${id}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${dbName} TEMPLATE template0 ENCODING 'UTF8'`);
  } finally {
    await admin.end();
  }
  const busPrefix = `T${id}`;
  const redisPrefix = `test:${id}:`;
  const url = databaseUrl(postgresAdminUrl, dbName);
  await createStreams(bus, busPrefix);
  return {
    id,
    databaseUrl: url,
    busPrefix,
    redisPrefix,
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      DATABASE_URL: url,
      NATS_URL: bus.url,
      BUS_KEYS_DIR: bus.keysDir,
      BUS_REPLICAS: String(bus.replicas),
      REDIS_URL: redisUrl,
      BUS_PREFIX: busPrefix,
      REDIS_PREFIX: redisPrefix,
      DB_POOL_MAX: '3',
      PASSWORD_KDF_COST: '10',
    },
    async dispose() {
      await dropDatabase(postgresAdminUrl, dbName);
      await deleteStreams(bus, busPrefix);
      await deleteRedisKeys(redisUrl, redisPrefix);
    },
  };
}

/** How long a test's closed pools may take to leave the server before their database is dropped anyway. */
const CLOSING_GRACE_MS = 3000;

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // pg's pool.end() resolves before its connections' goodbyes reach the server: dropped at once, WITH
    // (FORCE) would end them with a 57P01 that their pool, often with no listener left, throws as an
    // uncaught error (seen in CI under load). Waiting for them to leave first keeps FORCE for real leaks.
    const deadline = Date.now() + CLOSING_GRACE_MS;
    while (Date.now() < deadline) {
      const { rows } = await admin.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
        [name],
      );
      if (rows[0]!.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** The operator's tooling: the one identity that manages streams (A7). */
export async function operatorBus(
  prefix = '',
  bus: Pick<IsolationBus, 'url' | 'keysDir'> = { url: infra.natsUrl, keysDir: infra.busKeysDir },
): Promise<Bus> {
  return Bus.connect({
    url: bus.url,
    prefix,
    keys: loadBusKeys(bus.keysDir, OPERATOR_IDENTITY),
    logger: createLogger(OPERATOR_IDENTITY, 'silent'),
  });
}

/**
 * A run's own streams and files bucket, made by the operator: services may
 * create only the unprefixed ones.
 */
async function createStreams(on: IsolationBus, prefix: string): Promise<void> {
  const bus = await operatorBus(prefix, on);
  try {
    for (const s of platformStreams(busNaming(prefix), on.replicas)) await bus.jsm.streams.add(s);
    await new Objm(bus.nc).create(busNaming(prefix).stream(FILES_BUCKET), {
      replicas: on.replicas,
      storage: StorageType.File,
    });
  } finally {
    await bus.close();
  }
}

async function deleteStreams(on: IsolationBus, prefix: string): Promise<void> {
  const bus = await operatorBus('', on);
  try {
    for await (const s of bus.jsm.streams.list()) {
      const name = s.config.name;
      if (name.startsWith(`${prefix}_`) || name.startsWith(`OBJ_${prefix}_`)) await bus.jsm.streams.delete(name);
    }
  } finally {
    await bus.close();
  }
}

async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

const ABANDONED_AFTER_SECONDS = 3 * 3600;

function bornSeconds(name: string): number | null {
  const m = /_([0-9a-z]+)_[0-9a-f]{6}(?:_|$)/.exec(name);
  return m ? Number.parseInt(m[1]!, 36) : null;
}

/** Drops test databases and streams older than three hours: leftovers of runs that crashed. */
export async function sweepAbandoned(): Promise<void> {
  const cutoff = Date.now() / 1000 - ABANDONED_AFTER_SECONDS;
  const admin = new pg.Client({ connectionString: infra.postgresAdminUrl });
  await admin.connect();
  const old: string[] = [];
  try {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'vt\\_%'`,
    );
    old.push(...rows.map((r) => r.datname).filter((n) => (bornSeconds(n) ?? Infinity) < cutoff));
  } finally {
    await admin.end();
  }
  for (const name of old) await dropDatabase(infra.postgresAdminUrl, name);
  const bus = await operatorBus();
  try {
    for await (const s of bus.jsm.streams.list()) {
      const run = s.config.name.startsWith('T') || s.config.name.startsWith('OBJ_T');
      if (run && (bornSeconds(s.config.name) ?? Infinity) < cutoff) {
        await bus.jsm.streams.delete(s.config.name);
      }
    }
  } finally {
    await bus.close();
  }
}
