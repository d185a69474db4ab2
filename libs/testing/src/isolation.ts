import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { Redis } from 'ioredis';

/**
 * Each test file gets its own database, bus prefix and Redis key prefix so
 * suites run side by side on one shared machine (ARCHITECTURE A10a).
 */
export const infra = {
  postgresAdminUrl: process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
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

function databaseUrl(name: string): string {
  const url = new URL(infra.postgresAdminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function isolate(label = 't'): Promise<Isolation> {
  const id = `${label
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase()
    .slice(0, 12)}${randomBytes(4).toString('hex')}`;
  const dbName = `vt_${id}`;
  const admin = new pg.Client({ connectionString: infra.postgresAdminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${dbName} TEMPLATE template0 ENCODING 'UTF8'`);
  } finally {
    await admin.end();
  }
  const busPrefix = `T${id}`;
  const redisPrefix = `test:${id}:`;
  const url = databaseUrl(dbName);
  return {
    id,
    databaseUrl: url,
    busPrefix,
    redisPrefix,
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      DATABASE_URL: url,
      NATS_URL: infra.natsUrl,
      REDIS_URL: infra.redisUrl,
      BUS_PREFIX: busPrefix,
      REDIS_PREFIX: redisPrefix,
      DB_POOL_MAX: '3',
      PASSWORD_KDF_COST: '10',
    },
    async dispose() {
      await dropDatabase(dbName);
      await deleteStreams(busPrefix);
      await deleteRedisKeys(redisPrefix);
    },
  };
}

async function dropDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: infra.postgresAdminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

async function deleteStreams(prefix: string): Promise<void> {
  const nc = await connect({ servers: infra.natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    for await (const s of jsm.streams.list()) {
      if (s.config.name.startsWith(`${prefix}_`)) await jsm.streams.delete(s.config.name);
    }
  } finally {
    await nc.close();
  }
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(infra.redisUrl);
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
  for (const name of old) await dropDatabase(name);
  const nc = await connect({ servers: infra.natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    for await (const s of jsm.streams.list()) {
      if (s.config.name.startsWith('T') && (bornSeconds(s.config.name) ?? Infinity) < cutoff) {
        await jsm.streams.delete(s.config.name);
      }
    }
  } finally {
    await nc.close();
  }
}
