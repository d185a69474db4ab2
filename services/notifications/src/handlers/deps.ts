import type { Kysely } from 'kysely';
import type { Bus } from '@voucher/bus';
import type { Logger } from '@voucher/kit';
import type { NotificationsDb } from '../store/schema.ts';

export interface NotificationsDeps {
  db: Kysely<NotificationsDb>;
  bus: Bus;
  logger: Logger;
  /** issue 18 item 1: whether the email channel is on (an SMTP server configured, `SMTP_URL`); unset: off */
  emailOn?: boolean;
}
