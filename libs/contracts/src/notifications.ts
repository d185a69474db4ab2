import { z } from 'zod';
import { defineCommand, defineEvent } from './define.ts';
import { idSchema, pageOf, pageQuerySchema, queryFlag } from './common.ts';
import { SMS_TEXT_MAX_LENGTH } from './identity.ts';

/** The languages every message is written in (issue 18): the portal shows the one its user reads. */
export const messageLocales = ['zh-CN', 'en'] as const;
export type MessageLocale = (typeof messageLocales)[number];
const inEveryLocale = z.object({ 'zh-CN': z.string(), en: z.string() });

/**
 * What a message is about, for its icon and, later, the user's channel
 * preferences: a review result is essential and always reaches the inbox
 * (issue 18 item 4); an order step tells the party that must act next.
 */
export const messageKinds = ['review_result', 'order_step'] as const;
export const messageKindSchema = z.enum(messageKinds);
export type MessageKind = z.infer<typeof messageKindSchema>;

export const messageViewSchema = z.object({
  id: idSchema,
  kind: messageKindSchema,
  /** the template it was written from, e.g. `enterprise_certification.rejected` */
  template: z.string(),
  /** the template's variables, as they were when it was written */
  params: z.record(z.string(), z.unknown()),
  title: inEveryLocale,
  body: inEveryLocale,
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export type MessageView = z.infer<typeof messageViewSchema>;

/** Where the caller's inbox stands after a change: the bell's number comes back with it. */
const markedReply = z.object({ marked: z.number().int(), unread: z.number().int() });

/**
 * The signed-in user's in-app inbox (issue 18 item 1). Every command acts on
 * the caller's own messages only: no request names a user.
 */
export const notifications = {
  inbox: defineCommand(
    'svc.notifications.inbox',
    pageQuerySchema.extend({ unreadOnly: queryFlag.default(false) }),
    pageOf(messageViewSchema),
  ),
  unreadCount: defineCommand('svc.notifications.unreadCount', z.object({}), z.object({ unread: z.number().int() })),
  markRead: defineCommand(
    'svc.notifications.markRead',
    z.object({ ids: z.array(idSchema).min(1).max(100) }),
    markedReply,
  ),
  markAllRead: defineCommand('svc.notifications.markAllRead', z.object({}), markedReply),
} as const;

/**
 * The notifications service's own events. `smsRequested`: an essential
 * message (a review result, an order waiting for its provider) is to reach its
 * recipient by SMS too (issue 18 items 1 and 6). Written to the service's
 * outbox with the message and consumed by its own durable `notifications-sms`,
 * which asks identity to send it (`svc.identity.textUser`, key = `messageId`):
 * a failing SMS gateway is retried with backoff, then dead-lettered.
 */
export const notificationEvents = {
  smsRequested: defineEvent(
    'evt.notifications.sms.requested',
    z.object({
      messageId: idSchema,
      userId: idSchema,
      /** the message in zh-CN, as the SMS reads */
      text: z.string().min(1).max(SMS_TEXT_MAX_LENGTH),
    }),
  ),
} as const;
