import { notifications } from '@voucher/contracts';
import { route, type RouteDef } from '../http/route-table.ts';

/** Issue 18: the signed-in user's in-app inbox; every route acts on the caller's own messages only. */
export const notificationRoutes: readonly RouteDef[] = [
  route({
    method: 'GET',
    url: '/notifications',
    tags: ['notifications'],
    summary: 'My messages, newest first, in Chinese and English; unreadOnly=true for the unread ones',
    query: notifications.inbox.request,
    command: notifications.inbox,
    payload: ({ query }) => query,
  }),
  route({
    method: 'GET',
    url: '/notifications/unread-count',
    tags: ['notifications'],
    summary: 'How many of my messages are unread (the bell)',
    command: notifications.unreadCount,
    payload: () => ({}),
  }),
  route({
    method: 'POST',
    url: '/notifications/read',
    tags: ['notifications'],
    summary: 'Mark some of my messages read (at most 100 ids); ids of no message of mine change nothing',
    body: notifications.markRead.request,
    command: notifications.markRead,
    payload: ({ body }) => body,
  }),
  route({
    method: 'POST',
    url: '/notifications/read-all',
    tags: ['notifications'],
    summary: 'Mark all my messages read',
    command: notifications.markAllRead,
    payload: () => ({}),
  }),
  route({
    method: 'GET',
    url: '/notifications/preferences',
    tags: ['notifications'],
    summary:
      'My channels per kind of message (inbox, SMS, email; essential kinds always reach the inbox) and the address my email goes to',
    command: notifications.preferences,
    payload: () => ({}),
  }),
  route({
    method: 'PUT',
    url: '/notifications/preferences',
    tags: ['notifications'],
    summary:
      'Change my email address (null: no email) and my channels for some kinds; turning off the inbox of an essential kind is refused (400), and a refused change changes nothing',
    body: notifications.updatePreferences.request,
    command: notifications.updatePreferences,
    payload: ({ body }) => body,
  }),
  route({
    method: 'GET',
    url: '/admin/settings/notifications',
    tags: ['admin'],
    summary:
      'The notifications programme settings: the programme’s wording of the message templates, and every template with its variables and the platform’s words',
    command: notifications.getSettings,
    payload: () => ({}),
  }),
  route({
    method: 'PUT',
    url: '/admin/settings/notifications',
    tags: ['admin'],
    summary:
      'Replace the programme’s wording of the message templates (audited): a title and body per template and language, with the template’s {variable}s only',
    body: notifications.putSettings.request,
    command: notifications.putSettings,
    payload: ({ body }) => body,
  }),
];
