import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { randomInt } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import {
  lottery,
  qualificationEvents,
  type CampaignBody,
  type Caller,
  type DataOf,
  type EventDef,
} from '@voucher/contracts';
import { startService, type RunningService } from '@voucher/runtime';
import { announce, eventCount, isolate, testClient, type Isolation, type TestClient } from '@voucher/testing';
import { lotteryService } from '../src/service.ts';

export const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');
export const approver: Caller = { userId: uuidv7(), role: 'approver' };
export const scheduler: Caller = { userId: '00000000-0000-0000-0000-000000000000', role: 'scheduler' };

export interface LotteryHarness extends Pick<TestClient, 'call' | 'refusal'> {
  iso: Isolation;
  service: RunningService;
  client: TestClient;
  env: Record<string, string>;
  announce<E extends EventDef>(event: E, data: DataOf<E>): Promise<void>;
  /** an enterprise qualified for the year with complete data, learnt through qualification's events */
  qualifiedEnterprise(opts?: { year?: number; complete?: boolean; name?: string }): Promise<Caller>;
  category(code: string, annualLimit?: number): Promise<void>;
  /** a lottery campaign open now; `close()` moves its window into the past so it can be drawn */
  campaign(body: Partial<CampaignBody> & { categories: string[]; quotas: Record<string, number>[] }): Promise<{
    id: string;
    batches: string[];
    close(): Promise<void>;
  }>;
  eventCount(event: EventDef): Promise<number>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function lotteryHarness(label: string, extraEnv: Record<string, string> = {}): Promise<LotteryHarness> {
  const iso = await isolate(label);
  const env = { ...iso.env, STORAGE_DIR: `/tmp/voucher-test-${iso.id}`, ...extraEnv };
  let service = await startService(lotteryService, { env, installSignals: false, migrationsDir });
  const client = await testClient(iso);
  const h: LotteryHarness = {
    iso,
    get service() {
      return service;
    },
    client,
    env,
    call: client.call,
    refusal: client.refusal,
    announce: (event, data) => announce(client, service.db, event, data),
    async qualifiedEnterprise({ year = new Date().getFullYear(), complete = true, name } = {}) {
      const enterprise: Caller = { userId: uuidv7(), role: 'enterprise' };
      await h.announce(qualificationEvents.voucherQualificationApproved, {
        enterpriseId: enterprise.userId,
        year,
        companyName: name ?? `南京测试${randomInt(0, 1e6)}科技有限公司`,
        creditCode: '91350100M000100Y43',
        district: '玄武区',
        city: '南京市',
        size: 'small',
        complete,
        applicationId: uuidv7(),
        at: new Date().toISOString(),
      });
      return enterprise;
    },
    async category(code, annualLimit = 1) {
      await client.call(
        lottery.createCategory,
        { code, name: `${code}专用券`, faceValue: 100_000, validityDays: 180, redemptionMode: 'balance', annualLimit },
        approver,
      );
    },
    async campaign({ categories, quotas, ...rest }) {
      const hour = 3600_000;
      const now = Date.now();
      const view = await client.call(
        lottery.createCampaign,
        {
          name: '测试活动',
          mode: 'lottery',
          opensAt: new Date(now - hour).toISOString(),
          closesAt: new Date(now + hour).toISOString(),
          categories,
          batches: quotas.map((q, i) => ({
            drawAt: new Date(now + (2 + 2 * i) * hour).toISOString(),
            publishAt: new Date(now + (3 + 2 * i) * hour).toISOString(),
            quotas: q,
          })),
          ...rest,
        },
        approver,
      );
      return {
        id: view.id,
        batches: view.batches.map((b) => b.id),
        // time travel for tests: the window ends now and every batch is due
        async close() {
          await sql`UPDATE campaigns SET closes_at = now() - interval '1 second' WHERE id = ${view.id}`.execute(
            service.db,
          );
          await sql`UPDATE batches SET draw_at = now() - interval '1 second' * (100 - seq), publish_at = now() - interval '1 second' * (99 - seq)
                    WHERE campaign_id = ${view.id}`.execute(service.db);
        },
      };
    },
    async eventCount(event) {
      await service.relay.flush();
      return eventCount(client, event);
    },
    async restart() {
      await service.stop();
      service = await startService(lotteryService, { env, installSignals: false, migrationsDir });
    },
    async close() {
      await client.close();
      await service.stop();
      await iso.dispose();
      await rm(env.STORAGE_DIR!, { recursive: true, force: true });
    },
  };
  return h;
}
