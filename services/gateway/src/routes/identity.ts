import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AppError,
  emptySchema,
  tokenPairSchema,
  adminPasswordResetRequest,
  changePasswordRequest,
  createExpertRequest,
  createStaffRequest,
  createUserRequest,
  identity,
  loginRequest,
  pageQuerySchema,
  passwordResetRequest,
  refreshRequest,
  registerRequest,
  secondFactorRequest,
  sendSmsCodeRequest,
  staffPasswordResetRequest,
  staffPermissionsRequest,
  updateExpertRequest,
  updateStaffRequest,
} from '@voucher/contracts';
import { route, type RouteDef } from '../http/route-table.ts';
import { clearRefreshCookie, refreshCookieOf, setRefreshCookie } from '../http/refresh-cookie.ts';

// HTTP shapes are cut from the contracts' request schemas, never restated:
// the `{id}` of a path comes out of the body schema and goes into `params`.
const staffIdParams = updateStaffRequest.pick({ id: true });
const expertIdParams = updateExpertRequest.pick({ id: true });
const userIdPath = z.object({ id: adminPasswordResetRequest.shape.userId });

const none = () => ({});

/** The refresh and logout bodies: the refresh token is optional, as a browser's travels in the cookie. */
const refreshBody = refreshRequest.partial().nullish();

/** The refresh token an API client sent in the body, else the browser's cookie; without either, sign in again. */
function refreshTokenOf(
  body: { refreshToken?: string | undefined } | null | undefined,
  headers: FastifyRequest['headers'],
) {
  const token = body?.refreshToken ?? refreshCookieOf(headers);
  if (!token) throw new AppError('UNAUTHENTICATED', 'no refresh token: sign in again');
  return token;
}

/** A token pair as answered, its refresh token also set as the session cookie for as long as it lives. */
function withSessionCookie<T extends { refreshToken: string; refreshExpiresIn: number }>(
  pair: T,
  request: FastifyRequest,
  reply: FastifyReply,
): T {
  setRefreshCookie(request, reply, pair.refreshToken, pair.refreshExpiresIn);
  return pair;
}

/** API.md § Identity. */
export const identityRoutes: readonly RouteDef[] = [
  route({
    method: 'POST',
    url: '/auth/sms-codes',
    tags: ['auth'],
    summary: 'Send an SMS verification code, with the image captcha of GET /auth/captcha answered (ID-6)',
    limit: 'sms',
    body: sendSmsCodeRequest,
    command: identity.sendSmsCode,
    payload: ({ body }) => body,
    status: 202,
  }),
  route({
    method: 'GET',
    url: '/auth/captcha',
    tags: ['auth'],
    summary: 'A new image captcha; login then sends `captcha: { id, text }` (ID-3)',
    command: identity.captcha,
    payload: none,
  }),
  route({
    method: 'POST',
    url: '/auth/register',
    tags: ['auth'],
    summary: 'Register an enterprise or provider account (ID-1)',
    // it checks an SMS code: guessing it costs the SMS budget (ID-6)
    limit: 'sms',
    body: registerRequest,
    command: identity.register,
    payload: ({ body }) => body,
    status: 201,
  }),
  route({
    method: 'POST',
    url: '/auth/login',
    tags: ['auth'],
    summary:
      'Log in by account and password, or by mobile and SMS code (ID-3); a platform role gets the second step instead of tokens (A7). Tokens come with the refresh token also set as an HttpOnly cookie',
    limit: 'login',
    body: loginRequest,
    command: identity.login,
    payload: ({ body }) => body,
    answer: {
      schema: identity.login.reply,
      send: (data, request, reply) => ('refreshToken' in data ? withSessionCookie(data, request, reply) : data),
    },
  }),
  route({
    method: 'POST',
    url: '/auth/login/second-factor',
    tags: ['auth'],
    summary:
      "A platform role's second step: the challenge its password login answered, and the SMS code sent to its mobile (A7)",
    limit: 'login',
    body: secondFactorRequest,
    command: identity.loginSecondFactor,
    payload: ({ body }) => body,
    answer: { schema: tokenPairSchema, send: withSessionCookie },
  }),
  route({
    method: 'POST',
    url: '/auth/refresh',
    tags: ['auth'],
    summary:
      'Trade a refresh token, from the session cookie or the body, for a new pair (rotating; a token used twice ends its session, ID-3); the body carries the new refresh token only when the old one came in the body',
    body: refreshBody,
    command: identity.refresh,
    payload: ({ body, headers }) => ({ refreshToken: refreshTokenOf(body, headers) }),
    answer: {
      schema: tokenPairSchema.partial({ refreshToken: true }),
      send: (data, request, reply) => {
        const pair = withSessionCookie(data, request, reply);
        // a token that came in the cookie goes back in the cookie alone: no script ever reads one
        if ((request.body as { refreshToken?: string } | undefined)?.refreshToken) return pair;
        const { refreshToken: _inCookie, ...rest } = pair;
        return rest;
      },
    },
  }),
  route({
    method: 'POST',
    url: '/auth/logout',
    tags: ['auth'],
    summary:
      'Log out: revokes this access token and its session, and the session of the refresh token in the cookie or the body; clears the cookie (ID-5)',
    body: refreshBody,
    command: identity.logout,
    payload: ({ body, headers }) => {
      const refreshToken = body?.refreshToken ?? refreshCookieOf(headers);
      return refreshToken ? { refreshToken } : {};
    },
    answer: { schema: emptySchema, send: (_data, request, reply) => clearRefreshCookie(request, reply) },
    status: 204,
  }),
  route({
    method: 'POST',
    url: '/auth/password-reset',
    tags: ['auth'],
    summary: 'Reset a forgotten password with mobile and SMS code (ID-7)',
    limit: 'sms',
    body: passwordResetRequest,
    command: identity.resetPassword,
    payload: ({ body }) => body,
    status: 204,
  }),
  route({
    method: 'GET',
    url: '/me',
    tags: ['account'],
    summary: 'The signed-in user',
    command: identity.me,
    payload: none,
  }),
  route({
    method: 'PUT',
    url: '/me/password',
    tags: ['account'],
    summary: 'Change the password; other sessions end (ID-4)',
    body: changePasswordRequest,
    command: identity.changePassword,
    payload: ({ body }) => body,
    status: 204,
  }),
  route({
    method: 'POST',
    url: '/admin/users',
    tags: ['admin'],
    summary: 'Create a platform user (ID-10)',
    body: createUserRequest,
    command: identity.createUser,
    payload: ({ body }) => body,
    status: 201,
  }),
  route({
    method: 'POST',
    url: '/admin/users/:id/password-reset',
    tags: ['admin'],
    summary: "Reset a user's password; a district officer only within their district (ID-7)",
    params: userIdPath,
    body: adminPasswordResetRequest.omit({ userId: true }),
    command: identity.adminResetPassword,
    payload: ({ params, body }) => ({ ...body, userId: params.id }),
    status: 204,
  }),
  route({
    method: 'GET',
    url: '/provider/staff',
    tags: ['provider'],
    summary: "The provider's staff accounts (ID-8)",
    query: pageQuerySchema,
    command: identity.listStaff,
    payload: ({ query }) => query,
  }),
  route({
    method: 'POST',
    url: '/provider/staff',
    tags: ['provider'],
    summary: 'Add a staff account (ID-8)',
    body: createStaffRequest,
    command: identity.createStaff,
    payload: ({ body }) => body,
    status: 201,
  }),
  route({
    method: 'PATCH',
    url: '/provider/staff/:id',
    tags: ['provider'],
    summary: "Edit a staff account's mobile or email (ID-8)",
    params: staffIdParams,
    body: updateStaffRequest.omit({ id: true }),
    command: identity.updateStaff,
    payload: ({ params, body }) => ({ ...body, id: params.id }),
  }),
  route({
    method: 'DELETE',
    url: '/provider/staff/:id',
    tags: ['provider'],
    summary: 'Delete a staff account (ID-8)',
    params: staffIdParams,
    command: identity.deleteStaff,
    payload: ({ params }) => params,
    status: 204,
  }),
  route({
    method: 'POST',
    url: '/provider/staff/:id/password-reset',
    tags: ['provider'],
    summary: "Reset a staff account's password (ID-8)",
    params: staffIdParams,
    body: staffPasswordResetRequest.omit({ id: true }),
    command: identity.resetStaffPassword,
    payload: ({ params, body }) => ({ ...body, id: params.id }),
    status: 204,
  }),
  route({
    method: 'PUT',
    url: '/provider/staff/:id/permissions',
    tags: ['provider'],
    summary: "Set a staff account's menu permissions (ID-8)",
    params: staffIdParams,
    body: staffPermissionsRequest.omit({ id: true }),
    command: identity.setStaffPermissions,
    payload: ({ params, body }) => ({ ...body, id: params.id }),
  }),
  route({
    method: 'GET',
    url: '/provider/experts',
    tags: ['provider'],
    summary: "The provider's experts (ID-9)",
    query: pageQuerySchema,
    command: identity.listExperts,
    payload: ({ query }) => query,
  }),
  route({
    method: 'POST',
    url: '/provider/experts',
    tags: ['provider'],
    summary: 'Record an expert (ID-9)',
    body: createExpertRequest,
    command: identity.createExpert,
    payload: ({ body }) => body,
    status: 201,
  }),
  route({
    method: 'PATCH',
    url: '/provider/experts/:id',
    tags: ['provider'],
    summary: 'Edit an expert (ID-9)',
    params: expertIdParams,
    body: updateExpertRequest.omit({ id: true }),
    command: identity.updateExpert,
    payload: ({ params, body }) => ({ ...body, id: params.id }),
  }),
  route({
    method: 'DELETE',
    url: '/provider/experts/:id',
    tags: ['provider'],
    summary: 'Delete an expert (ID-9)',
    params: expertIdParams,
    command: identity.deleteExpert,
    payload: ({ params }) => params,
    status: 204,
  }),
];

/**
 * The development sinks of SMS codes and captchas (ID-6): registered only
 * outside production, so a production gateway has no such route at all.
 */
export const identityDevRoutes: readonly RouteDef[] = [
  route({
    method: 'GET',
    url: '/dev/sms/:mobile',
    tags: ['dev'],
    summary: 'The latest SMS code and the texts sent to a mobile (non-production only)',
    params: identity.devSms.request,
    command: identity.devSms,
    payload: ({ params }) => params,
  }),
  route({
    method: 'GET',
    url: '/dev/captcha/:captchaId',
    tags: ['dev'],
    summary: "A captcha's text (non-production only)",
    params: identity.devCaptcha.request,
    command: identity.devCaptcha,
    payload: ({ params }) => params,
  }),
];
