import {
  pageOf,
  preferencesViewSchema,
  todoCountsSchema,
  todoViewSchema,
  type MessageLocale,
  type PreferencesView,
  type TodoCounts,
  type TodoKind,
  type TodoView,
  type preferencesUpdateSchema,
} from '@voucher/contracts';
import { ApiError, client, unwrap } from './client.ts';
import type { Language } from '../i18n/messages.ts';

/** The query keys of the bell and the inbox: a change to either refreshes both. */
export const notificationKeys = {
  all: ['notifications'] as const,
  unread: ['notifications', 'unread-count'] as const,
  inbox: (unreadOnly: boolean) => ['notifications', 'inbox', unreadOnly] as const,
  preferences: ['notifications', 'preferences'] as const,
  todoCounts: ['todos', 'counts'] as const,
  todos: ['todos', 'list'] as const,
};

/** The locale of a message that the reader's language reads (the inbox holds each message in both). */
export const messageLocale = (language: Language): MessageLocale => (language === 'zh' ? 'zh-CN' : 'en');

export const unreadCount = () => unwrap(client.GET('/api/v1/notifications/unread-count'));

export const inboxPage = (page: number, pageSize: number, unreadOnly: boolean) =>
  unwrap(client.GET('/api/v1/notifications', { params: { query: { page, pageSize, unreadOnly } } }));

export const markRead = (ids: string[]) => unwrap(client.POST('/api/v1/notifications/read', { body: { ids } }));

export const markAllRead = () => unwrap(client.POST('/api/v1/notifications/read-all'));

/*
 * Preferences and to-dos (issue 18 items 3 and 4) are typed by the contracts (libs/contracts/src/notifications.ts)
 * and their replies checked with the contracts' schemas: the same client (the token, its refresh) calls them by
 * path, whether or not the gateway's OpenAPI document, and so the generated schema, names them yet.
 */
type ByPath = (
  url: string,
  init?: { params?: { query?: Record<string, string | number> }; body?: unknown },
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
const byPath = client as unknown as { GET: ByPath; PUT: ByPath };

/** The body of PUT /notifications/preferences, as the contracts' schema reads it. */
export type PreferencesUpdate = ReturnType<typeof preferencesUpdateSchema.parse>;

export const preferences = async (): Promise<PreferencesView> =>
  preferencesViewSchema.parse(await unwrap(byPath.GET('/api/v1/notifications/preferences')));

export const updatePreferences = async (body: PreferencesUpdate): Promise<PreferencesView> =>
  preferencesViewSchema.parse(await unwrap(byPath.PUT('/api/v1/notifications/preferences', { body })));

export const todoCounts = async (): Promise<TodoCounts> =>
  todoCountsSchema.parse(await unwrap(byPath.GET('/api/v1/todos/counts')));

const todoPageSchema = pageOf(todoViewSchema);

export const todos = async (
  page: number,
  pageSize: number,
  kind?: TodoKind,
): Promise<{ items: TodoView[]; page: number; pageSize: number; total: number }> =>
  todoPageSchema.parse(
    await unwrap(byPath.GET('/api/v1/todos', { params: { query: { page, pageSize, ...(kind ? { kind } : {}) } } })),
  );

/** A route the gateway does not serve yet (404), or whose service does not answer (503): a panel then hides. */
export const notServedYet = (error: unknown) =>
  error instanceof ApiError && (error.status === 404 || error.status === 503);
