import { deadLetterCommands } from './dead-letters.ts';
import type { CommandDef, EventDef } from './define.ts';
import { fileAccessCommand, fileReferencesCommand, fileRules } from './files.ts';
import { healthCommand } from './health.ts';
import { services, type ServiceName } from './services.ts';
import * as catalogModule from './catalog.ts';
import * as filesModule from './files.ts';
import * as identityModule from './identity.ts';
import * as lotteryModule from './lottery.ts';
import * as notificationsModule from './notifications.ts';
import * as ordersModule from './orders.ts';
import * as qualificationModule from './qualification.ts';
import * as schedulerModule from './scheduler.ts';
import * as settlementModule from './settlement.ts';
import * as walletModule from './wallet.ts';

const { catalogEvents } = catalogModule;
const { identityEvents } = identityModule;
const { lotteryEvents } = lotteryModule;
const { notificationEvents } = notificationsModule;
const { orderEvents } = ordersModule;
const { qualificationEvents: qe } = qualificationModule;
const { announcementEvents, settlementEvents } = settlementModule;
const { walletEvents } = walletModule;

/**
 * A durable consumer (ARCHITECTURE A5): `<service>-<purpose>`, one JetStream
 * durable per event type it hears.
 */
export interface ConsumerDecl {
  name: string;
  events: readonly EventDef[];
}

/**
 * Everything a service hears, declared once (A7): the NATS permissions are
 * generated from it, so a service may create and pull only its own durables,
 * and `startConsumer` refuses one that is not listed here.
 */
export interface Subscriptions {
  consumers: readonly ConsumerDecl[];
  /** events heard as they pass, for a cache (`Bus.watch`) */
  watches: readonly EventDef[];
}

export const subscriptions: Record<ServiceName, Subscriptions> = {
  gateway: { consumers: [], watches: [] },
  identity: {
    consumers: [
      { name: 'identity-providers', events: [qe.providerCertified, qe.providerRevoked] },
      { name: 'identity-districts', events: [qe.enterpriseCertified, qe.enterpriseUpdated] },
    ],
    watches: [],
  },
  qualification: {
    consumers: [{ name: 'qualification-applicants', events: [identityEvents.userRegistered] }],
    watches: [],
  },
  lottery: {
    consumers: [
      { name: 'lottery-enterprises', events: [qe.enterpriseCertified, qe.enterpriseUpdated, qe.enterpriseRevoked] },
      {
        name: 'lottery-qualifications',
        events: [qe.voucherQualificationApproved, qe.voucherQualificationUpdated, qe.voucherQualificationRevoked],
      },
    ],
    watches: [],
  },
  wallet: {
    consumers: [
      { name: 'wallet-categories', events: [lotteryEvents.categoryCreated, lotteryEvents.categoryUpdated] },
      { name: 'wallet-issuing', events: [lotteryEvents.winsRecorded] },
      { name: 'wallet-districts', events: [qe.enterpriseCertified, qe.enterpriseUpdated] },
    ],
    watches: [],
  },
  catalog: {
    consumers: [
      { name: 'catalog-providers', events: [qe.providerCertified, qe.providerUpdated, qe.providerRevoked] },
      { name: 'catalog-categories', events: [lotteryEvents.categoryCreated, lotteryEvents.categoryUpdated] },
      { name: 'catalog-evaluations', events: [orderEvents.evaluated] },
    ],
    watches: [],
  },
  orders: {
    consumers: [
      { name: 'orders-enterprises', events: [qe.enterpriseCertified, qe.enterpriseUpdated, qe.enterpriseRevoked] },
    ],
    watches: [catalogEvents.productListed, catalogEvents.productUpdated, catalogEvents.productDelisted],
  },
  settlement: {
    consumers: [
      { name: 'settlement-providers', events: [qe.providerCertified, qe.providerUpdated, qe.providerRevoked] },
      { name: 'settlement-enterprises', events: [qe.enterpriseCertified, qe.enterpriseUpdated] },
      { name: 'settlement-orders', events: [orderEvents.placed, orderEvents.cancelled] },
      { name: 'settlement-lines', events: [orderEvents.completed] },
      { name: 'settlement-evaluations', events: [orderEvents.evaluated] },
    ],
    watches: [],
  },
  scheduler: { consumers: [], watches: [] },
  notifications: {
    consumers: [
      {
        name: 'notifications-reviews',
        events: [
          qe.enterpriseCertified,
          qe.enterpriseRejected,
          qe.providerCertified,
          qe.providerRejected,
          qe.voucherQualificationApproved,
          qe.voucherQualificationRejected,
        ],
      },
      {
        name: 'notifications-orders',
        events: [
          orderEvents.placed,
          orderEvents.awaitingProvider,
          orderEvents.accepted,
          orderEvents.cancelled,
          orderEvents.delivered,
          orderEvents.inService,
        ],
      },
      // issue 18: who of a provider's staff holds the orders menu (ID-8), told of its orders with its main account
      {
        name: 'notifications-staff',
        events: [identityEvents.userCreated, identityEvents.staffPermissionsSet, identityEvents.userDeleted],
      },
      // LOT-7: the results of a batch at its publication, winners and those not drawn
      { name: 'notifications-draws', events: [lotteryEvents.resultsPublished] },
      // issue 18 item 2: the deadline reminders the scheduler's jobs have the wallet and orders announce
      { name: 'notifications-reminders', events: [walletEvents.voucherExpiring, orderEvents.contractDue] },
      // issue 18 item 2: a product's review at each stage (CAT-3), for its provider
      {
        name: 'notifications-products',
        events: [catalogEvents.productReviewMoved, catalogEvents.productDelisted],
      },
      // issue 18 item 2: a redemption application at each review step, and the payment recorded (SET-3)
      {
        name: 'notifications-settlement',
        events: [
          settlementEvents.assessed,
          settlementEvents.paymentApproved,
          settlementEvents.rejected,
          settlementEvents.paid,
        ],
      },
      // issue 18 item 2 (LOT-2/3): a reservation window opened, for the enterprises qualified for its year
      { name: 'notifications-windows', events: [lotteryEvents.campaignOpened] },
      // issue 18 item 2: a new announcement, for everyone who opted in
      { name: 'notifications-announcements', events: [announcementEvents.published] },
      // issue 18 item 3: the to-dos (我的待办), opened and closed by the owning services' steps
      {
        name: 'notifications-todos',
        events: [
          orderEvents.placed,
          orderEvents.awaitingProvider,
          orderEvents.accepted,
          orderEvents.inService,
          orderEvents.delivered,
          orderEvents.cancelled,
          orderEvents.completed,
          orderEvents.evaluated,
          qe.applicationMoved,
          catalogEvents.productReviewMoved,
          settlementEvents.submitted,
          settlementEvents.assessed,
          settlementEvents.paymentApproved,
          settlementEvents.paid,
          settlementEvents.confirmed,
          settlementEvents.rejected,
          walletEvents.voucherExpiring,
          walletEvents.voucherMoved,
        ],
      },
      // issue 18 items 1 and 6: its own SMS requests, each sent through identity with retries and a dead letter
      { name: 'notifications-sms', events: [notificationEvents.smsRequested] },
      // issue 18 items 1 and 4: its own email requests, each sent through SMTP once per message, retried, then dead-lettered
      { name: 'notifications-email', events: [notificationEvents.emailRequested] },
    ],
    watches: [],
  },
};

/**
 * The services that may park dead letters: those running durable consumers
 * (A5). Each answers its `deadLetterCommands` (issue 19 item 4); the others
 * have none to show, and no access to the dead-letter stream (A7).
 */
export const deadLetterKeepers = services.filter((s) => subscriptions[s].consumers.length > 0) as [
  ServiceName,
  ...ServiceName[],
];

const modules: readonly Record<string, unknown>[] = [
  catalogModule,
  filesModule,
  identityModule,
  lotteryModule,
  notificationsModule,
  ordersModule,
  qualificationModule,
  schedulerModule,
  settlementModule,
  walletModule,
];

function* definitions(): Generator<unknown> {
  for (const mod of modules) {
    for (const value of Object.values(mod)) {
      if (typeof value !== 'object' || value === null) continue;
      yield value;
      yield* Object.values(value);
    }
  }
}

const isCommand = (v: unknown): v is CommandDef => (v as CommandDef | null)?.kind === 'command';
const isEvent = (v: unknown): v is EventDef => (v as EventDef | null)?.kind === 'event';

/** Every command of the platform, the health, dead-letter and file-access ones included, once each. */
export function allCommands(): CommandDef[] {
  const bySubject = new Map<string, CommandDef>();
  for (const v of definitions()) if (isCommand(v)) bySubject.set(v.subject, v);
  for (const s of services) bySubject.set(`svc.${s}.health`, healthCommand(s));
  for (const s of deadLetterKeepers) for (const c of Object.values(deadLetterCommands(s))) bySubject.set(c.subject, c);
  for (const rule of Object.values(fileRules)) {
    for (const c of [fileAccessCommand(rule.owner), fileReferencesCommand(rule.owner)]) bySubject.set(c.subject, c);
  }
  return [...bySubject.values()];
}

/** Every event of the platform, once each. */
export function allEvents(): EventDef[] {
  const byType = new Map<string, EventDef>();
  for (const v of definitions()) if (isEvent(v)) byType.set(v.type, v);
  return [...byType.values()];
}

/** The JetStream durable of one consumer for one event type (NATS 2.9: one filter subject per consumer). */
export const durableName = (consumer: string, event: EventDef) => `${consumer}_${event.type.replaceAll('.', '_')}`;
