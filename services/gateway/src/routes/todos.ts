import { notifications } from '@voucher/contracts';
import { route, type RouteDef } from '../http/route-table.ts';

/**
 * Issue 18 item 3: 我的待办. The caller's own to-dos and its role's review
 * queues within its scope (the notifications service decides from the
 * caller's assertion, never from a user named in the request); and the SLA
 * of each review state, a programme setting (admin).
 */
export const todoRoutes: readonly RouteDef[] = [
  route({
    method: 'GET',
    url: '/todos',
    tags: ['notifications'],
    summary: 'My to-dos, oldest due first: my own and my role’s review queue in my scope; kind= to filter',
    query: notifications.todos.request,
    command: notifications.todos,
    payload: ({ query }) => query,
  }),
  route({
    method: 'GET',
    url: '/todos/counts',
    tags: ['notifications'],
    summary: 'How many to-dos I have, how many overdue, per kind (the to-do panel’s badges)',
    command: notifications.todoCounts,
    payload: () => ({}),
  }),
  route({
    method: 'GET',
    url: '/todos/slas',
    tags: ['admin'],
    summary: 'The SLA in hours of each review state, and the role an overdue item escalates to',
    command: notifications.todoSlas,
    payload: () => ({}),
  }),
  route({
    method: 'PUT',
    url: '/todos/slas',
    tags: ['admin'],
    summary: 'Change the SLA and escalation of the review states named (audited)',
    body: notifications.putTodoSlas.request,
    command: notifications.putTodoSlas,
    payload: ({ body }) => body,
  }),
];
