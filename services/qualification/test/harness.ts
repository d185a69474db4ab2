import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { randomInt } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import {
  type Caller,
  type EnterpriseCertificationBody,
  type EventDef,
  type FilePurpose,
  type ProviderCertificationBody,
  type VoucherQualificationBody,
} from '@voucher/contracts';
import { startService, type RunningService } from '@voucher/runtime';
import { eventCount, isolate, testClient, uploadsPeer, type Isolation, type TestClient } from '@voucher/testing';
import { creditCodeCheckCharacter } from '../src/domain/credit-code.ts';
import { qualificationService } from '../src/service.ts';

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

export interface QualificationHarness {
  iso: Isolation;
  service: RunningService;
  client: TestClient['bus'];
  /** what the gateway would answer about uploads: a real responder on the bus, fed by the test */
  upload(ownerId: string, purpose: FilePurpose): string;
  call: TestClient['call'];
  refusal: TestClient['refusal'];
  eventCount(event: EventDef): Promise<number>;
  close(): Promise<void>;
}

export async function qualificationHarness(label: string): Promise<QualificationHarness> {
  const iso = await isolate(label);
  const service = await startService(qualificationService, { env: iso.env, installSignals: false, migrationsDir });
  const gatewayPeer = await uploadsPeer(iso);
  const client = await testClient(iso);
  return {
    iso,
    service,
    client: client.bus,
    upload: (ownerId, purpose) => gatewayPeer.upload(ownerId, purpose),
    call: client.call,
    refusal: client.refusal,
    async eventCount(event) {
      await service.relay.flush();
      return eventCount(client, event);
    },
    async close() {
      await client.close();
      await gatewayPeer.close();
      await service.stop();
      await iso.dispose();
    },
  };
}

/** A caller of a role, as the gateway would put it in the headers. */
export function as(role: Caller['role'], extra: Partial<Caller> = {}): Caller {
  return { userId: uuidv7(), role, ...extra };
}

/** A valid unified social credit code, different each time. */
export function aCreditCode(): string {
  const body = `91320102MA${String(randomInt(0, 1e7)).padStart(7, '0')}`;
  return body + creditCodeCheckCharacter(body)!;
}

export function anEnterpriseCertification(
  h: QualificationHarness,
  enterprise: Caller,
  overrides: Partial<EnterpriseCertificationBody> = {},
): EnterpriseCertificationBody {
  return {
    companyName: `南京测试科技有限公司${randomInt(0, 1e6)}`,
    creditCode: aCreditCode(),
    legalRepresentative: '张三',
    contactName: '李四',
    contactPhone: '13800000000',
    email: 'a@b.cn',
    district: '玄武区',
    registeredAddress: '南京市玄武区珠江路1号',
    businessAddress: '南京市玄武区珠江路1号',
    size: 'small',
    foundedOn: '2017-11-25',
    industry: '软件和信息技术服务业',
    employees: 12,
    lastYearRevenue: 1_230_000_000,
    lastYearTax: 5_000_000,
    qualifications: ['专精特新'],
    licenceFileId: h.upload(enterprise.userId, 'business_licence'),
    ...overrides,
  };
}

export function aProviderCertification(
  h: QualificationHarness,
  provider: Caller,
  companyName: string,
  overrides: Partial<ProviderCertificationBody> = {},
): ProviderCertificationBody {
  return {
    companyName,
    creditCode: aCreditCode(),
    contactName: '王五',
    contactPhone: '13900000000',
    licenceFileId: h.upload(provider.userId, 'business_licence'),
    serviceScopes: ['诊断咨询'],
    coreProducts: '数字化诊断',
    industries: ['制造业'],
    industrialCustomers: 30,
    revenues: { '2023': 100_000_000, '2024': 120_000_000, '2025': 150_000_000 },
    region: { scope: 'city', city: '南京市' },
    commitmentFileId: h.upload(provider.userId, 'provider_commitment'),
    ...overrides,
  };
}

export function aVoucherQualification(
  h: QualificationHarness,
  enterprise: Caller,
  overrides: Partial<VoucherQualificationBody> = {},
): VoucherQualificationBody {
  return {
    year: 2026,
    district: '玄武区',
    lastYearTax: 5_000_000,
    mainBusiness: '工业软件',
    employees: 12,
    lastYearRevenue: 1_230_000_000,
    industry: '软件和信息技术服务业',
    rdSpend: 0,
    totalAssets: 100_000_000,
    enterpriseType: '私营企业',
    qualifications: [],
    attachments: {
      applicationForm: h.upload(enterprise.userId, 'application_form'),
      licenceCopy: h.upload(enterprise.userId, 'business_licence'),
      commitmentLetter: h.upload(enterprise.userId, 'commitment_letter'),
    },
    ...overrides,
  };
}

export const SURVEY = { city: '南京市', companyType: '私营企业', needs: ['诊断咨询'] };
