import { identityEvents } from '@voucher/contracts';
import { startConsumer, type RunningConsumer } from '@voucher/bus';
import type { QualificationDeps } from './deps.ts';

/** Applicants' usernames, kept from identity's events for the QUA-8 applicant filter. */
export async function startProjections(deps: QualificationDeps): Promise<RunningConsumer[]> {
  const remember = async (data: { userId: string; username: string; role: string }, trx: any) => {
    await trx
      .insertInto('applicants')
      .values({ user_id: data.userId, username: data.username, role: data.role })
      .onConflict((oc: any) => oc.column('user_id').doUpdateSet({ username: data.username, role: data.role }))
      .execute();
  };
  return Promise.all([
    startConsumer({
      bus: deps.bus,
      db: deps.db,
      name: 'qualification-applicants',
      event: identityEvents.userRegistered,
      handle: (event, trx) => remember(event.data, trx),
    }),
  ]);
}
