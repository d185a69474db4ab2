import { createHash } from 'node:crypto';
import type pg from 'pg';

/** Statements that PostgreSQL can keep parsed and planned; anything else (SET, DDL, ANALYZE) goes as it is. */
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;
/** a bound on the names one process hands out, should some text be built afresh each time */
const MOST_NAMES = 2_000;

const names = new Map<string, string>();

/** The name a statement's text is prepared under on every connection, or undefined to send it unnamed. */
function nameOf(text: string): string | undefined {
  const known = names.get(text);
  // a text of several statements cannot be prepared: it goes as it is
  if (known !== undefined || names.size >= MOST_NAMES || !PREPARABLE.test(text) || /;\s*\S/.test(text)) return known;
  const name = `q${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
  names.set(text, name);
  return name;
}

type Query = pg.PoolClient['query'];
interface PreparingClient {
  query: Query;
  release(err?: Error | boolean): void;
}

const clients = new WeakMap<pg.PoolClient, PreparingClient>();

/**
 * The pool as Kysely sees it, with every repeated statement a named prepared
 * statement: each connection parses a text once and PostgreSQL keeps its
 * plan, instead of parsing and planning the same large statement (an order's
 * change with its audit entry and events, a group of reservations) at every
 * call. The texts are the services' own, so there are few of them.
 */
export function preparingPool(pool: pg.Pool) {
  return {
    async connect(): Promise<PreparingClient> {
      const client = await pool.connect();
      let preparing = clients.get(client);
      if (!preparing) {
        preparing = {
          query: ((text: unknown, values?: unknown[]) => {
            const name = typeof text === 'string' ? nameOf(text) : undefined;
            return name
              ? client.query({ name, text: text as string, values })
              : (client.query as (t: unknown, v?: unknown[]) => unknown)(text, values);
          }) as Query,
          release: (err) => client.release(err),
        };
        clients.set(client, preparing);
      }
      return preparing;
    },
    end: () => pool.end(),
  };
}
