import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { ServiceDefinition } from '@voucher/runtime';
import { startAnnouncementConsumer } from './handlers/announcements.ts';
import { EMAIL_RETRIES, smtpSender, startEmailConsumer } from './handlers/email.ts';
import { registerInboxHandlers } from './handlers/inbox.ts';
import { registerRetentionHandlers } from './handlers/retention.ts';
import type { NotificationsDeps } from './handlers/deps.ts';
import { startDrawResultConsumer } from './handlers/draw-results.ts';
import { startOrderStepConsumers } from './handlers/order-steps.ts';
import { startProductReviewConsumers } from './handlers/product-reviews.ts';
import { startReminderConsumers } from './handlers/reminders.ts';
import { registerPreferenceHandlers } from './handlers/preferences.ts';
import { startReservationWindowConsumer } from './handlers/reservation-windows.ts';
import { startReviewResultConsumers } from './handlers/review-results.ts';
import { startSettlementStepConsumers } from './handlers/settlement-steps.ts';
import { registerSettingsHandlers } from './handlers/settings.ts';
import { startSmsConsumer, SMS_RETRIES } from './handlers/sms.ts';
import { registerTodoHandlers, startTodoConsumers } from './handlers/todos.ts';
import type { NotificationsDb } from './store/schema.ts';

const notificationsConfig = {
  /** DOMAIN §0: the zone the reminders' dates are written in (issue 18 item 2) */
  PROGRAMME_TIME_ZONE: z.string().default('Asia/Shanghai'),
  /** issue 18 item 6: deliveries of an SMS request before it is parked in the dead letter */
  SMS_MAX_DELIVER: z.coerce.number().int().min(1).max(20).default(SMS_RETRIES.maxDeliver),
  /** the waits before each retry of an SMS request, in ms, comma-separated; the last repeats */
  SMS_RETRY_BACKOFF_MS: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'milliseconds, comma-separated')
    .default(SMS_RETRIES.backoffMs.join(','))
    .transform((v) => v.split(',').map(Number)),
  /**
   * issue 18 item 1: the SMTP server email goes through, `smtp://[user:pass@]host:port`
   * (`smtps://` for TLS from the start); unset, the email channel is off
   */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'smtp://[user:pass@]host:port or smtps://…')
    .optional(),
  /** the sender of the emails, `address` or `Name <address>` */
  MAIL_FROM: z.string().min(3).default('no-reply@localhost'),
  /** issue 18 item 6: deliveries of an email request before it is parked in the dead letter */
  EMAIL_MAX_DELIVER: z.coerce.number().int().min(1).max(20).default(EMAIL_RETRIES.maxDeliver),
  /** the waits before each retry of an email request, in ms, comma-separated; the last repeats */
  EMAIL_RETRY_BACKOFF_MS: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'milliseconds, comma-separated')
    .default(EMAIL_RETRIES.backoffMs.join(','))
    .transform((v) => v.split(',').map(Number)),
};

export const notificationsService: ServiceDefinition<typeof notificationsConfig> = {
  name: 'notifications',
  config: notificationsConfig,
  async register({ bus, db, logger, config }) {
    const deps: NotificationsDeps = { db: db as Kysely<NotificationsDb>, bus, logger, emailOn: !!config.SMTP_URL };
    registerInboxHandlers(bus, deps);
    registerRetentionHandlers(bus, deps);
    registerPreferenceHandlers(bus, deps);
    // DOMAIN §0b: the programme's wording of the templates (admin, audited)
    registerSettingsHandlers(bus, deps);
    // issue 18 item 1: email only with an SMTP server; without one no email is requested, whatever users chose
    const mailer = config.SMTP_URL ? smtpSender(config.SMTP_URL, config.MAIL_FROM) : null;
    if (!mailer) logger.info('SMTP_URL is not set: the email channel is off');
    const email = mailer
      ? [
          await startEmailConsumer(deps, mailer, {
            maxDeliver: config.EMAIL_MAX_DELIVER,
            backoffMs: config.EMAIL_RETRY_BACKOFF_MS,
          }),
        ]
      : [];
    registerTodoHandlers(bus, deps);
    const [reviews, orders, draws, sms, reminders] = await Promise.all([
      startReviewResultConsumers(deps),
      startOrderStepConsumers(deps),
      startDrawResultConsumer(deps),
      startSmsConsumer(deps, { maxDeliver: config.SMS_MAX_DELIVER, backoffMs: config.SMS_RETRY_BACKOFF_MS }),
      startReminderConsumers(deps, config.PROGRAMME_TIME_ZONE),
    ]);
    // issue 18 item 3: the to-dos (我的待办)
    const todos = await startTodoConsumers(deps);
    // issue 18 item 2: a product's review stages (CAT-3), a redemption's review steps and payment (SET-3)
    // and a new announcement, for everyone who opted in
    // and a reservation window opened, for the enterprises qualified for its year
    const [products, settlementSteps, announcements, windows] = await Promise.all([
      startProductReviewConsumers(deps),
      startSettlementStepConsumers(deps),
      startAnnouncementConsumer(deps),
      startReservationWindowConsumer(deps, config.PROGRAMME_TIME_ZONE),
    ]);
    return {
      consumers: [
        ...todos,
        ...reviews,
        ...orders,
        draws,
        ...reminders,
        ...products,
        ...settlementSteps,
        announcements,
        windows,
        sms,
        ...email,
      ],
    };
  },
};
