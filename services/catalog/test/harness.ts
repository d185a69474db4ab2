import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { randomInt } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import {
  catalog,
  lotteryEvents,
  qualificationEvents,
  type Caller,
  type DataOf,
  type EventDef,
  type ProductContent,
  type ProductView,
} from '@voucher/contracts';
import { startService, type RunningService } from '@voucher/runtime';
import {
  announce,
  eventCount,
  isolate,
  testClient,
  uploadsPeer,
  type Isolation,
  type TestClient,
  type UploadsPeer,
} from '@voucher/testing';
import { catalogService } from '../src/service.ts';
import { productContent } from './fixtures/product.ts';

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

export const operator: Caller = { userId: uuidv7(), role: 'operator' };
export const expert: Caller = { userId: uuidv7(), role: 'expert' };
export const approver: Caller = { userId: uuidv7(), role: 'approver' };

export interface CatalogHarness extends Pick<TestClient, 'call' | 'refusal'> {
  iso: Isolation;
  service: RunningService;
  uploads: UploadsPeer;
  announce<E extends EventDef>(event: E, data: DataOf<E>): Promise<void>;
  /** a provider learnt through qualification's events (certified unless told otherwise) */
  provider(opts?: { name?: string; city?: string; certified?: boolean }): Promise<Caller>;
  /** a voucher category learnt through lottery's events */
  category(code: string): Promise<void>;
  /** complete content with this provider's uploads, ready to submit */
  content(provider: Caller, overrides?: Partial<ProductContent>): ProductContent;
  /** drafted, submitted and approved by the three reviewers */
  listed(provider: Caller, overrides?: Partial<ProductContent>): Promise<ProductView>;
  eventCount(event: EventDef): Promise<number>;
  close(): Promise<void>;
}

export async function catalogHarness(label: string): Promise<CatalogHarness> {
  const iso = await isolate(label);
  const service = await startService(catalogService, { env: iso.env, installSignals: false, migrationsDir });
  const uploads = await uploadsPeer(iso);
  const client = await testClient(iso);
  const h: CatalogHarness = {
    iso,
    service,
    uploads,
    call: client.call,
    refusal: client.refusal,
    announce: (event, data) => announce(client, service.db, event, data),
    async provider({ name, city = '济南市', certified = true } = {}) {
      const provider: Caller = { userId: uuidv7(), role: 'provider' };
      const facts = {
        providerId: provider.userId,
        companyName: name ?? `山东测试${randomInt(0, 1e6)}信息技术有限公司`,
        creditCode: '91370100MA3C0000X1',
        region: { scope: 'city' as const, city },
        serviceScopes: ['诊断咨询'],
        applicationId: uuidv7(),
        at: new Date().toISOString(),
      };
      if (certified) await h.announce(qualificationEvents.providerCertified, facts);
      return provider;
    },
    async category(code) {
      await h.announce(lotteryEvents.categoryCreated, {
        code,
        name: `${code}券`,
        faceValue: 200_000,
        validityDays: 180,
        validUntil: null,
        redemptionMode: 'balance',
        annualLimit: 2,
      });
    },
    content: (provider, overrides = {}) => productContent(uploads, provider.userId, overrides),
    async listed(provider, overrides = {}) {
      const draft = await client.call(catalog.createProduct, h.content(provider, overrides), provider);
      await client.call(catalog.submitProduct, { id: draft.id }, provider);
      await client.call(catalog.approve, { id: draft.id }, operator);
      await client.call(catalog.approve, { id: draft.id }, expert);
      return client.call(catalog.approve, { id: draft.id }, approver);
    },
    async eventCount(event) {
      await service.relay.flush();
      return eventCount(client, event);
    },
    async close() {
      await client.close();
      await uploads.close();
      await service.stop();
      await iso.dispose();
    },
  };
  return h;
}
