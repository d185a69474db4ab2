import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { rm } from 'node:fs/promises';
import { v7 as uuidv7 } from 'uuid';
import { createStorage, type BlobStorage } from '@voucher/storage';
import {
  orderEvents,
  qualificationEvents,
  settlement,
  type Caller,
  type DataOf,
  type EventDef,
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
import { settlementService } from '../src/service.ts';

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

export const approver: Caller = { userId: uuidv7(), role: 'approver' };
export const finance: Caller = { userId: uuidv7(), role: 'finance' };

export interface SettlementHarness extends Pick<TestClient, 'call' | 'refusal'> {
  iso: Isolation;
  /** the service's blob storage, where the forms are written */
  storage: BlobStorage;
  service: RunningService;
  uploads: UploadsPeer;
  announce<E extends EventDef>(event: E, data: DataOf<E>): Promise<void>;
  /** a certified provider, with a bank account in its name */
  provider(name: string): Promise<{ caller: Caller; accountId: string }>;
  /** an order of the provider completed with these voucher payments: their line ids */
  completedOrder(provider: Caller, amounts: number[]): Promise<string[]>;
  /** an order of the provider, placed (or placed and cancelled) by a certified enterprise of this name: its number */
  placedOrder(provider: Caller, enterpriseName: string, opts?: { cancelled?: boolean }): Promise<string>;
  /** the four materials of an application, uploaded by the provider */
  materials(provider: Caller): { contract: string; invoice: string; receipt: string; priceEvidence: string };
  eventCount(event: EventDef): Promise<number>;
  close(): Promise<void>;
}

export async function settlementHarness(label: string): Promise<SettlementHarness> {
  const iso = await isolate(label);
  const env = { ...iso.env, STORAGE_DIR: `/tmp/voucher-test-${iso.id}` };
  const service = await startService(settlementService, { env, installSignals: false, migrationsDir });
  const uploads = await uploadsPeer(iso);
  const client = await testClient(iso);
  let serial = 0;
  const h: SettlementHarness = {
    iso,
    storage: createStorage({ STORAGE_DRIVER: 'local', STORAGE_DIR: env.STORAGE_DIR }),
    service,
    uploads,
    call: client.call,
    refusal: client.refusal,
    announce: (event, data) => announce(client, service.db, event, data),
    async provider(name) {
      const caller: Caller = { userId: uuidv7(), role: 'provider' };
      await h.announce(qualificationEvents.providerCertified, {
        providerId: caller.userId,
        companyName: name,
        creditCode: '91370100MA3C0000X1',
        region: { scope: 'city', city: '济南市' },
        serviceScopes: ['诊断咨询'],
        applicationId: uuidv7(),
        at: new Date().toISOString(),
      });
      const account = await client.call(
        settlement.addBankAccount,
        { bank: '中国工商银行', branch: '济南分行', accountName: name, number: '6222020200112233445' },
        caller,
      );
      return { caller, accountId: account.id };
    },
    async completedOrder(provider, amounts) {
      const orderId = uuidv7();
      const vouchers = amounts.map((amount) => ({
        voucherId: uuidv7(),
        voucherNumber: String(20260000000 + ++serial),
        category: 'CERT',
        amount,
      }));
      await h.announce(orderEvents.completed, {
        orderId,
        orderNo: `2026112510193176702${String(serial).padStart(5, '0')}`,
        enterpriseId: uuidv7(),
        providerId: provider.userId,
        productId: uuidv7(),
        from: 'delivered',
        to: 'completed',
        by: { userId: uuidv7(), role: 'enterprise' },
        reason: null,
        at: new Date().toISOString(),
        enterpriseName: '南京某某科技有限公司',
        district: '玄武区',
        city: '南京市',
        providerName: 'x',
        productName: '诊断服务',
        totalAmount: 400000,
        payments: vouchers,
      });
      const { items } = await client.call(settlement.redeemable, { page: 1, pageSize: 100 }, provider);
      return items.filter((l) => l.orderId === orderId).map((l) => l.id);
    },
    async placedOrder(provider, enterpriseName, { cancelled = false } = {}) {
      const enterpriseId = uuidv7();
      await h.announce(qualificationEvents.enterpriseCertified, {
        enterpriseId,
        companyName: enterpriseName,
        creditCode: '91320102MA1XXXXXX1',
        district: '玄武区',
        city: '南京市',
        size: 'small',
        applicationId: uuidv7(),
        at: new Date().toISOString(),
      });
      const facts = {
        orderId: uuidv7(),
        orderNo: `2026112510193176702${String(++serial).padStart(5, '0')}`,
        enterpriseId,
        providerId: provider.userId,
        productId: uuidv7(),
        productName: '体系认证咨询',
        by: { userId: enterpriseId, role: 'enterprise' },
        reason: null,
        at: new Date().toISOString(),
      };
      await h.announce(orderEvents.placed, { ...facts, from: null, to: 'pending_payment' });
      if (cancelled) await h.announce(orderEvents.cancelled, { ...facts, from: 'pending_payment', to: 'cancelled' });
      return facts.orderNo;
    },
    materials: (provider) => ({
      contract: uploads.upload(provider.userId, 'settlement_material', { type: 'pdf' }),
      invoice: uploads.upload(provider.userId, 'settlement_material', { type: 'pdf' }),
      receipt: uploads.upload(provider.userId, 'settlement_material'),
      priceEvidence: uploads.upload(provider.userId, 'settlement_material', { type: 'zip' }),
    }),
    async eventCount(event) {
      await service.relay.flush();
      return eventCount(client, event);
    },
    async close() {
      await client.close();
      await uploads.close();
      await service.stop();
      await iso.dispose();
      await rm(env.STORAGE_DIR, { recursive: true, force: true });
    },
  };
  return h;
}
