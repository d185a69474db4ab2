import { identityEvents } from '@voucher/contracts';
import { startConsumer, type RunningConsumer } from '@voucher/bus';
import type { Transaction } from 'kysely';
import { rememberApplicant } from '../store/applicants.ts';
import type { QualificationDb } from '../store/schema.ts';
import type { QualificationDeps } from './deps.ts';

/** Applicants' usernames, kept from identity's events for the QUA-8 applicant filter. */
export async function startProjections(deps: QualificationDeps): Promise<RunningConsumer[]> {
  return Promise.all([
    startConsumer({
      bus: deps.bus,
      db: deps.db,
      name: 'qualification-applicants',
      event: identityEvents.userRegistered,
      handle: (event, trx: Transaction<QualificationDb>) => rememberApplicant(trx, event.data),
    }),
  ]);
}
