import type { Kysely } from 'kysely';
import { createTransport } from 'nodemailer';
import { startConsumer, type RunningConsumer } from '@voucher/bus';
import { notificationEvents, type DataOf } from '@voucher/contracts';
import { claimEmailDelivery } from '../store/preferences.ts';
import type { NotificationsDb } from '../store/schema.ts';
import type { NotificationsDeps } from './deps.ts';

/** The durable consumer of the service's own email requests (A5, declared in libs/contracts). */
const CONSUMER = 'notifications-email';

/**
 * The email channel's retries (issue 18 item 6): an SMTP server that is down,
 * times out or answers a temporary refusal is tried again with growing waits,
 * about 13 minutes in all, then the request is parked in the dead letter.
 */
export const EMAIL_RETRIES = { maxDeliver: 6, backoffMs: [2_000, 10_000, 60_000, 180_000, 540_000] };

type EmailRequest = DataOf<typeof notificationEvents.emailRequested>;

/** What sends an email: SMTP through nodemailer, or whatever a test puts in its place. */
export interface EmailSender {
  send(email: EmailRequest): Promise<void>;
  close(): void;
}

/**
 * A failed send, told without the address: nodemailer's own errors may quote
 * the recipient (`550 <a@b.c>: rejected`), and the error's message reaches the
 * logs and the dead letter's reason. Only its code and the SMTP reply code stay.
 */
export class EmailNotSent extends Error {
  override name = 'EmailNotSent';
  constructor(err: unknown) {
    const { code, responseCode } = (err ?? {}) as { code?: unknown; responseCode?: unknown };
    const why = [typeof code === 'string' ? code : null, typeof responseCode === 'number' ? responseCode : null]
      .filter((part) => part !== null)
      .join(' ');
    super(`the SMTP server did not take the email${why ? ` (${why})` : ''}`);
  }
}

/**
 * Sends through the SMTP server of `SMTP_URL` (`smtp://[user:pass@]host:port`,
 * `smtps://` for TLS from the start), from `MAIL_FROM`. Each email carries its
 * message id as its `Message-ID`, so a mail system that sees it twice can tell.
 */
export function smtpSender(url: string, from: string): EmailSender {
  const transport = createTransport({
    url,
    // a server that does not answer fails the delivery soon, to be retried, rather than after minutes
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send({ messageId, to, subject, text }) {
      try {
        await transport.sendMail({ from, to, subject, text, messageId: `<${messageId}@notifications.voucher>` });
      } catch (err) {
        throw new EmailNotSent(err);
      }
    },
    close: () => transport.close(),
  };
}

/**
 * Sends each email request (issue 18 items 1 and 6), once per message id: the
 * delivery is recorded in `email_deliveries` in the transaction that sends
 * it, so a redelivery after the email went (its ack lost, a replay of the
 * dead letter, a second request for the same message) sends nothing more. A
 * failure fails the delivery: retried with backoff, then dead-lettered.
 * Neither the address nor the text is logged.
 */
export function startEmailConsumer(
  deps: NotificationsDeps,
  sender: EmailSender,
  retries: { maxDeliver: number; backoffMs: number[] } = EMAIL_RETRIES,
): Promise<RunningConsumer> {
  return startConsumer({
    bus: deps.bus,
    db: deps.db,
    name: CONSUMER,
    event: notificationEvents.emailRequested,
    ...retries,
    handle: async (envelope, trx, log) => {
      const { messageId } = envelope.data;
      if (!(await claimEmailDelivery(trx as Kysely<NotificationsDb>, messageId))) {
        log.info({ messageId }, 'email already sent');
        return;
      }
      await sender.send(envelope.data);
      log.info({ messageId }, 'email sent');
    },
  });
}
