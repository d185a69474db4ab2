import { z } from 'zod';
import { defineCommand, defineEvent } from './define.ts';
import { idSchema, pageOf, pageQuerySchema, paragraph, queryFlag, text } from './common.ts';
import { SMS_TEXT_MAX_LENGTH } from './identity.ts';
import { platformRoles } from './caller.ts';

/** The languages every message is written in (issue 18): the portal shows the one its user reads. */
export const messageLocales = ['zh-CN', 'en'] as const;
export type MessageLocale = (typeof messageLocales)[number];
const inEveryLocale = z.object({ 'zh-CN': z.string(), en: z.string() });

/**
 * What a message is about, for its icon and, later, the user's channel
 * preferences: a review result is essential and always reaches the inbox
 * (issue 18 item 4); an order step tells the party that must act next.
 */
export const messageKinds = [
  'review_result',
  'order_step',
  'product_review',
  'reservation_window',
  'draw_result',
  'voucher_expiry',
  'order_deadline',
  'settlement_step',
  'announcement',
] as const;
export const messageKindSchema = z.enum(messageKinds);
export type MessageKind = z.infer<typeof messageKindSchema>;

/**
 * Issue 18 item 4: what always reaches the inbox, whatever the user chose: a
 * review result, a draw's result (LOT-7), a voucher about to expire (WAL-6)
 * and a deadline that loses a voucher or an order (GD's 30 days).
 */
export const essentialMessageKinds: readonly MessageKind[] = [
  'review_result',
  'draw_result',
  'voucher_expiry',
  'order_deadline',
];

/** The channels a message goes over; each user chooses them per kind, an essential kind always keeping the inbox (issue 18 item 4). */
export const deliveryChannels = ['inbox', 'sms', 'email'] as const;
export const deliveryChannelSchema = z.enum(deliveryChannels);
export type DeliveryChannel = z.infer<typeof deliveryChannelSchema>;

const channelChoice = z.object({ inbox: z.boolean(), sms: z.boolean(), email: z.boolean() });

/** A user's preferences: the email address that email goes to (none: no email), and the channels per kind. */
export const preferencesViewSchema = z.object({
  email: z.string().nullable(),
  kinds: z.array(channelChoice.extend({ kind: messageKindSchema, essential: z.boolean() })),
});
export type PreferencesView = z.infer<typeof preferencesViewSchema>;

export const preferencesUpdateSchema = z.object({
  email: z.email().max(254).nullable().optional(),
  kinds: z
    .array(channelChoice.partial().extend({ kind: messageKindSchema }))
    .max(messageKinds.length)
    .optional(),
});

/**
 * 我的待办 (issue 18 item 3): waiting work, for a user (an order to accept)
 * or for a role's queue (a review step, scoped like the reviewer's own list).
 */
export const todoKinds = [
  // provider
  'order_to_accept',
  'contract_to_upload',
  'service_record_to_write',
  // enterprise
  'order_to_confirm',
  'evaluation_to_give',
  'voucher_to_use',
  // reviewers' queues
  'review_queue',
] as const;
export const todoKindSchema = z.enum(todoKinds);
export type TodoKind = z.infer<typeof todoKindSchema>;

export const todoViewSchema = z.object({
  id: idSchema,
  kind: todoKindSchema,
  /** what it is about: `order`, `enterprise_certification`, `product`, `settlement`, `voucher`... */
  subjectType: z.string(),
  subjectId: idSchema,
  /** the review state or step it waits in, for a queue item (e.g. `district_review`) */
  state: z.string().nullable(),
  title: inEveryLocale,
  /** when it must be done (a deadline, or the SLA of its review step); null: no deadline */
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  /** past its SLA and shown to the next role of the review chain too */
  escalated: z.boolean(),
  createdAt: z.string(),
});
export type TodoView = z.infer<typeof todoViewSchema>;

export const todoCountsSchema = z.object({
  total: z.number().int(),
  overdue: z.number().int(),
  byKind: z.array(z.object({ kind: todoKindSchema, count: z.number().int(), overdue: z.number().int() })),
});
export type TodoCounts = z.infer<typeof todoCountsSchema>;

/**
 * The review chains whose queues are to-dos, each with the states that wait
 * for a reviewer (issue 18 item 3): qualification's three (QUA-1, QUA-3,
 * QUA-4), the catalog's listing review (CAT-3), and settlement's redemption
 * of payment lines (SET-3) and of a general voucher (SET-5).
 */
export const reviewChainSteps = {
  enterprise_certification: ['submitted'],
  provider_certification: ['submitted', 'operator_approved'],
  voucher_qualification: ['submitted'],
  product: ['operator_review', 'expert_review', 'final_review'],
  settlement: ['submitted', 'assessed', 'payment_approved'],
  general_voucher: ['submitted', 'assessed', 'payment_approved'],
} as const;
export type ReviewChain = keyof typeof reviewChainSteps;
export const reviewChainSchema = z.enum(Object.keys(reviewChainSteps) as [ReviewChain, ...ReviewChain[]]);

/**
 * A programme setting (§0b): how long a review state may wait, in hours,
 * before its queue items are overdue (null: never), and the role that then
 * sees them too (null: no escalation).
 */
const MAX_SLA_HOURS = 24 * 366;
export const todoSlaSchema = z.object({
  chain: reviewChainSchema,
  state: text(40),
  hours: z.number().int().min(1).max(MAX_SLA_HOURS).nullable(),
  escalateTo: z.enum(platformRoles).nullable(),
});
export type TodoSla = z.infer<typeof todoSlaSchema>;
const todoSlasReply = z.object({ items: z.array(todoSlaSchema) });

/**
 * A programme's own wording of a template (DOMAIN §0b, issue 18 "from
 * templates, per programme"): `{variable}` placeholders, each the name of one
 * of the template's variables. These bounds keep the written message within
 * an SMS and an email subject once cut (`SMS_TEXT_MAX_LENGTH`, `EMAIL_SUBJECT_MAX_LENGTH`).
 */
export const TEMPLATE_TITLE_MAX_LENGTH = 100;
export const TEMPLATE_BODY_MAX_LENGTH = 1000;
/** every template in both languages fits, with room for the templates still to come */
const MAX_TEMPLATE_OVERRIDES = 200;

/**
 * The variables a wording names, in order; null when a brace is not part of a
 * `{name}` placeholder (a name is letters and digits, starting with a letter),
 * which would otherwise be shown to the recipient as written.
 */
export function placeholdersIn(wording: string): string[] | null {
  const names = [...wording.matchAll(/\{([A-Za-z][A-Za-z0-9]*)\}/g)].map((m) => m[1]!);
  return /[{}]/.test(wording.replace(/\{[A-Za-z][A-Za-z0-9]*\}/g, '')) ? null : names;
}

const worded = <S extends z.ZodString>(schema: S) =>
  schema.refine((t) => placeholdersIn(t) !== null, 'a brace must open or close a {variable} placeholder');

/** e.g. `order.accepted`; whether it names a template is the service's to say */
// one pattern, which alone refuses control characters: a second one on top of text()'s would not be documented
export const templateKeySchema = z
  .string()
  .max(80, 'at most 80 characters')
  .regex(/^[a-z_]+\.[a-z_]+$/, 'a template key such as order.accepted');

export const templateOverrideSchema = z.object({
  template: templateKeySchema,
  locale: z.enum(messageLocales),
  title: worded(text(TEMPLATE_TITLE_MAX_LENGTH)),
  body: worded(paragraph(TEMPLATE_BODY_MAX_LENGTH)),
});
export type TemplateOverride = z.infer<typeof templateOverrideSchema>;

/**
 * DOMAIN §0b: the notifications service's programme settings, the
 * programme's wording of some templates, at most one per template and
 * language (none: the platform's own words). A PUT replaces the whole set.
 */
export const notificationsSettingsSchema = z.object({
  templateOverrides: z
    .array(templateOverrideSchema)
    .max(MAX_TEMPLATE_OVERRIDES)
    .superRefine((overrides, ctx) => {
      const seen = new Set<string>();
      overrides.forEach((o, i) => {
        const pair = `${o.template} ${o.locale}`;
        if (seen.has(pair))
          ctx.addIssue({ code: 'custom', path: [i], message: `${o.template} in ${o.locale} is worded twice` });
        seen.add(pair);
      });
    }),
});
export type NotificationsSettings = z.infer<typeof notificationsSettingsSchema>;

const renderedSchema = z.object({ title: z.string(), body: z.string() });

/** What a programme may word (issue 18): each template, its variables, and the platform's words with `{variable}`s. */
export const templateCatalogueEntrySchema = z.object({
  template: z.string(),
  kind: messageKindSchema,
  variables: z.array(z.string()),
  platform: z.object({ 'zh-CN': renderedSchema, en: renderedSchema }),
});
export type TemplateCatalogueEntry = z.infer<typeof templateCatalogueEntrySchema>;
export const notificationsSettingsViewSchema = notificationsSettingsSchema.extend({
  templates: z.array(templateCatalogueEntrySchema),
});
export type NotificationsSettingsView = z.infer<typeof notificationsSettingsViewSchema>;

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
  preferences: defineCommand('svc.notifications.preferences', z.object({}), preferencesViewSchema),
  updatePreferences: defineCommand(
    'svc.notifications.updatePreferences',
    preferencesUpdateSchema,
    preferencesViewSchema,
  ),
  /** the caller's to-dos: its own, and its role's queues within its scope; oldest due first */
  todos: defineCommand(
    'svc.notifications.todos',
    pageQuerySchema.extend({ kind: todoKindSchema.optional() }),
    pageOf(todoViewSchema),
  ),
  todoCounts: defineCommand('svc.notifications.todoCounts', z.object({}), todoCountsSchema),
  /** issue 18 item 1: messages are kept one year; the scheduler's daily job deletes what is past it */
  sweepExpired: defineCommand(
    'svc.notifications.sweepExpired',
    z.object({}),
    z.object({ messages: z.number().int(), texts: z.number().int() }),
    { timeoutMs: 120_000, from: ['scheduler'] },
  ),
  /** the SLA of each review state, and its escalation (admin) */
  todoSlas: defineCommand('svc.notifications.todoSlas', z.object({}), todoSlasReply),
  /** changes the states named, leaves the others; answers them all (admin, audited) */
  putTodoSlas: defineCommand(
    'svc.notifications.putTodoSlas',
    z.object({ items: z.array(todoSlaSchema).min(1).max(20) }),
    todoSlasReply,
  ),
  /** DOMAIN §0b: the programme's wording of the templates, and what may be worded (admin) */
  getSettings: defineCommand('svc.notifications.getSettings', z.object({}), notificationsSettingsViewSchema),
  /** replaces the programme's wording whole (admin, audited); a key, locale or variable no template has: VALIDATION_FAILED */
  putSettings: defineCommand(
    'svc.notifications.putSettings',
    notificationsSettingsSchema,
    notificationsSettingsViewSchema,
  ),
} as const;

/** Bounds of an email's subject and plain text (a message's two languages fit well within them). */
export const EMAIL_SUBJECT_MAX_LENGTH = 200;
export const EMAIL_TEXT_MAX_LENGTH = 10_000;

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
  /**
   * A message is to reach its recipient by email too: the recipient chose
   * email for its kind and gave an address (issue 18 items 1 and 4). Written
   * with the message, sent by the service's own durable `notifications-email`
   * through SMTP, once per `messageId`; retried with backoff, then dead-lettered.
   */
  emailRequested: defineEvent(
    'evt.notifications.email.requested',
    z.object({
      messageId: idSchema,
      /** the address the recipient gave in their preferences (personal data: never logged) */
      to: z.email().max(254),
      subject: z.string().min(1).max(EMAIL_SUBJECT_MAX_LENGTH),
      text: z.string().min(1).max(EMAIL_TEXT_MAX_LENGTH),
    }),
  ),
} as const;
