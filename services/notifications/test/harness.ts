import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { sql, type Kysely } from 'kysely';
import {
  identity,
  notificationEvents,
  qualificationEvents,
  subscriptions,
  type Caller,
  type DataOf,
  type EventDef,
} from '@voucher/contracts';
import type { CommandHandler } from '@voucher/bus';
import { startService, type RunningService } from '@voucher/runtime';
import { announce, isolate, publishEvent, testClient, type Isolation, type TestClient } from '@voucher/testing';
import { notificationsService } from '../src/service.ts';

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

export interface NotificationsHarness {
  iso: Isolation;
  service: RunningService;
  client: TestClient;
  call: TestClient['call'];
  refusal: TestClient['refusal'];
  /** publishes an event as its producer's relay would, and waits until the service has handled it */
  announce<E extends EventDef>(event: E, data: DataOf<E>): Promise<void>;
  /**
   * Publishes an event with a given id, as a redelivery or a replay from the
   * dead letter would bring it: past the stream's de-duplication, so the
   * consumer does receive it again.
   */
  redeliver<E extends EventDef>(event: E, id: string, data: DataOf<E>): Promise<void>;
  /** the SMS the service asked identity to send to a user, as its outbox holds them */
  smsRequestsFor(userId: string): Promise<DataOf<typeof notificationEvents.smsRequested>[]>;
  /** the emails the service asked to send to an address, as its outbox holds them */
  emailRequestsTo(address: string): Promise<DataOf<typeof notificationEvents.emailRequested>[]>;
  /** a user's inbox messages, oldest first */
  messageIdsOf(userId: string): Promise<string[]>;
  close(): Promise<void>;
}

/** Waits until `check` holds, looking every 20 ms, or fails after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** The data of the events of `event`'s type in the outbox whose `field` is `value`. */
async function outboxData<E extends EventDef>(
  db: Kysely<any>,
  event: E,
  field: string,
  value: string,
): Promise<DataOf<E>[]> {
  const r = await sql<{ data: DataOf<E> }>`
    SELECT envelope->'data' AS data FROM outbox
    WHERE subject = ${event.type} AND envelope->'data'->>${field} = ${value}`.execute(db);
  return r.rows.map((row) => row.data);
}

/** identity sending every text at once: the SMS channel's own tests (sms.test.ts) choose their answers */
const textSent: CommandHandler<typeof identity.textUser> = async ({ key }) => ({
  key,
  sentAt: new Date().toISOString(),
});

export async function notificationsHarness(
  label: string,
  env: Record<string, string> = {},
  textUser: CommandHandler<typeof identity.textUser> = textSent,
): Promise<NotificationsHarness> {
  const iso = await isolate(label);
  const service = await startService(notificationsService, {
    env: { ...iso.env, ...env },
    installSignals: false,
    migrationsDir,
  });
  const client = await testClient(iso);
  // identity, as far as notifications needs it: the responder of svc.identity.textUser on the isolated bus
  (await client.busAs('identity')).handle(identity.textUser, textUser);
  return {
    iso,
    service,
    client,
    call: client.call,
    refusal: client.refusal,
    // every consumer of the service that hears the event (a message, a to-do) has handled it
    announce: (event, data) =>
      announce(client, service.db, event, data, {
        consumers: subscriptions.notifications.consumers
          .filter((c) => c.events.some((e) => e.type === event.type))
          .map((c) => c.name),
      }),
    async redeliver(event, id, data) {
      await publishEvent(client, event, data, { id, messageId: `${id}-again-${uuidv7()}` });
    },
    smsRequestsFor: (userId) => outboxData(service.db, notificationEvents.smsRequested, 'userId', userId),
    emailRequestsTo: (address) => outboxData(service.db, notificationEvents.emailRequested, 'to', address),
    async messageIdsOf(userId) {
      const r = await sql<{ id: string }>`SELECT id FROM messages WHERE user_id = ${userId} ORDER BY id`.execute(
        service.db,
      );
      return r.rows.map((row) => row.id);
    },
    async close() {
      await client.close();
      await service.stop();
      await iso.dispose();
    },
  };
}

/** A signed-in user of a role, as the gateway would assert it. */
export function as(role: Caller['role'], extra: Partial<Caller> = {}): Caller {
  return { userId: uuidv7(), role, ...extra };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A builder: qualification's `enterpriseCertified` for an enterprise, as its officer's approval announces it. */
export function certifiedEvent(
  enterprise: Caller,
  companyName = '南京通知测试科技有限公司',
): DataOf<typeof qualificationEvents.enterpriseCertified> {
  return {
    enterpriseId: enterprise.userId,
    companyName,
    creditCode: '91320102MA1W7XKQ3N',
    district: '玄武区',
    city: '南京市',
    size: 'small',
    applicationId: uuidv7(),
    at: new Date().toISOString(),
  };
}
