import type { RunningConsumer } from '@voucher/bus';
import { qualificationEvents as qe } from '@voucher/contracts';
import { reviewResults } from '../domain/review-results.ts';
import { messagesFrom } from './consume.ts';
import type { NotificationsDeps } from './deps.ts';

/** The durable consumer of review results (A5: `<service>-<purpose>`, declared in libs/contracts). */
const CONSUMER = 'notifications-reviews';

/** Turns each review result of qualification into the applicant's message (issue 18 item 2). */
export function startReviewResultConsumers(deps: NotificationsDeps): Promise<RunningConsumer[]> {
  return Promise.all([
    messagesFrom(deps, CONSUMER, qe.enterpriseCertified, reviewResults.enterpriseCertified),
    messagesFrom(deps, CONSUMER, qe.enterpriseRejected, reviewResults.enterpriseRejected),
    messagesFrom(deps, CONSUMER, qe.providerCertified, reviewResults.providerCertified),
    messagesFrom(deps, CONSUMER, qe.providerRejected, reviewResults.providerRejected),
    messagesFrom(deps, CONSUMER, qe.voucherQualificationApproved, reviewResults.voucherQualificationApproved),
    messagesFrom(deps, CONSUMER, qe.voucherQualificationRejected, reviewResults.voucherQualificationRejected),
  ]);
}
