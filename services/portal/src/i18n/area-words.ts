import type { Language, MessageKey } from './messages.ts';
import { messages } from './messages.ts';

type Words = Record<Language, Partial<Record<MessageKey, string>>>;

/** The words known so far: the first page's, then each area's once one of its pages has been opened. */
export const words: Words = { zh: { ...messages.zh }, en: { ...messages.en } };

const add = (more: { zh: Record<string, string>; en: Record<string, string> }) => {
  Object.assign(words.zh, more.zh);
  Object.assign(words.en, more.en);
};

const once = (load: () => Promise<void>) => {
  let loading: Promise<void> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined; // a failed download is tried again at the next page
      throw error;
    }));
};

/**
 * The words of the enterprise portal, the workbench and the messages, together: their pages borrow each other's
 * (an order's states, the sign-up fields), and every page but the catalogue reads some of them.
 */
export const loadPortalWords = once(async () => {
  const [enterprise, provider, notifications] = await Promise.all([
    import('./enterprise-messages.ts'),
    import('./provider-messages.ts'),
    import('./notification-messages.ts'),
  ]);
  add(enterprise.enterpriseMessages);
  add(provider.providerMessages);
  add(notifications.notificationMessages);
});

/** The console's words, for programme staff alone. */
export const loadAdminWords = once(async () => add((await import('./admin-messages.ts')).adminMessages));
