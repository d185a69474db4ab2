import type { Kysely } from 'kysely';
import { startConsumer, type RunningConsumer } from '@voucher/bus';
import { qualificationEvents as qe, type DataOf, type EventDef } from '@voucher/contracts';
import { reviewResults } from '../domain/review-results.ts';
import { compose, type Draft } from '../domain/templates.ts';
import { writeMessages } from '../store/messages.ts';
import type { NotificationsDb } from '../store/schema.ts';
import type { NotificationsDeps } from './deps.ts';

/** The durable consumer of review results (A5: `<service>-<purpose>`, declared in libs/contracts). */
const CONSUMER = 'notifications-reviews';

/**
 * Turns each review result of qualification into the applicant's message
 * (issue 18 item 2), written in the transaction that records the event in
 * the consumer's inbox: a redelivered event writes nothing more.
 */
export function startReviewResultConsumers(deps: NotificationsDeps): Promise<RunningConsumer[]> {
  const consume = <E extends EventDef>(event: E, toDrafts: (data: DataOf<E>) => Draft[]) =>
    startConsumer({
      bus: deps.bus,
      db: deps.db,
      name: CONSUMER,
      event,
      handle: async (envelope, trx, log) => {
        const drafts = toDrafts(envelope.data);
        const written = await writeMessages(trx as Kysely<NotificationsDb>, envelope.id, drafts.map(compose));
        // no names, reasons or user ids in the log: the event id leads to them
        log.info({ templates: [...new Set(drafts.map((d) => d.template))], written }, 'messages written');
      },
    });
  return Promise.all([
    consume(qe.enterpriseCertified, reviewResults.enterpriseCertified),
    consume(qe.enterpriseRejected, reviewResults.enterpriseRejected),
    consume(qe.providerCertified, reviewResults.providerCertified),
    consume(qe.providerRejected, reviewResults.providerRejected),
    consume(qe.voucherQualificationApproved, reviewResults.voucherQualificationApproved),
    consume(qe.voucherQualificationRejected, reviewResults.voucherQualificationRejected),
  ]);
}
