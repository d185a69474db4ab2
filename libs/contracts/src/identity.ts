import { z } from 'zod';
import { defineCommand, defineEvent } from './define.ts';
import {
  MOBILE_PATTERN,
  emptySchema,
  freeText,
  idSchema,
  mobileSchema,
  pageOf,
  pageQuerySchema,
  passwordInputSchema,
  smsCodeSchema,
  text,
} from './common.ts';
import { platformRoleSchema, roleSchema, staffPermissionSchema } from './caller.ts';

export const usernameSchema = z
  .string()
  .min(6, 'at least 6 characters')
  .max(30, 'at most 30 characters')
  .regex(/^[A-Za-z0-9_]+$/, 'letters, digits and underscore only')
  // ID-1/ID-3: login takes an account shaped like a mobile for a mobile, so such a
  // username could never sign in, and could make another user's mobile ambiguous
  .refine((v) => !MOBILE_PATTERN.test(v), 'must not be shaped like a mobile number');

/** What a person may ask a code for (POST /auth/sms-codes). */
export const smsPurposeSchema = z.enum(['register', 'login', 'reset_password', 'set_pin', 'reset_pin']);
export type SmsPurpose = z.infer<typeof smsPurposeSchema>;

/**
 * Every purpose a code is sent for: the above, and `second_factor`, which
 * identity sends itself once a platform role's password was right (A7: two
 * factors); nobody can ask for one.
 */
export const sentSmsPurposeSchema = z.enum([...smsPurposeSchema.options, 'second_factor']);
export type SentSmsPurpose = z.infer<typeof sentSmsPurposeSchema>;

const withConfirmation = <T extends z.ZodRawShape & { confirmPassword: z.ZodType }>(
  shape: T,
  field: 'password' | 'newPassword',
) =>
  z.object(shape).refine(
    (v) => {
      const values = v as Record<string, unknown>;
      return values[field] === values.confirmPassword;
    },
    {
      path: ['confirmPassword'],
      message: `must equal ${field}`,
    },
  );

// --- requests (also the HTTP bodies of API.md's Identity routes) ---

export const registerRequest = withConfirmation(
  {
    role: z.enum(['enterprise', 'provider']),
    username: usernameSchema,
    mobile: mobileSchema,
    password: passwordInputSchema,
    confirmPassword: passwordInputSchema,
    smsCode: smsCodeSchema,
    agreed: z.literal(true, 'the user agreement and privacy notice must be accepted'),
  },
  'password',
);

export const captchaAnswerSchema = z.object({
  id: freeText().min(1).max(64),
  text: freeText().min(1).max(16),
});

/** ID-6: a code is sent only to a person: the image captcha of `GET /auth/captcha` answered first. */
export const sendSmsCodeRequest = z.object({
  mobile: mobileSchema,
  purpose: smsPurposeSchema,
  captcha: captchaAnswerSchema,
});

export const passwordLoginRequest = z.object({
  account: text(30),
  password: passwordInputSchema,
  captcha: captchaAnswerSchema.optional(),
});
export const smsLoginRequest = z.object({ mobile: mobileSchema, smsCode: smsCodeSchema });
export const loginRequest = z.union([passwordLoginRequest, smsLoginRequest]);

/** A7: the second step of a platform role's login: the code sent to the account's mobile. */
export const secondFactorRequest = z.object({
  challengeId: freeText({ trim: false }).min(16).max(64),
  smsCode: smsCodeSchema,
});

export const refreshTokenSchema = freeText({ trim: false }).min(10).max(200);
export const refreshRequest = z.object({ refreshToken: refreshTokenSchema });
/** ID-5: logout ends the caller's session, and the session of the refresh token given (the portal's cookie). */
export const logoutRequest = z.object({ refreshToken: refreshTokenSchema.optional() });

export const passwordResetRequest = withConfirmation(
  {
    mobile: mobileSchema,
    smsCode: smsCodeSchema,
    newPassword: passwordInputSchema,
    confirmPassword: passwordInputSchema,
  },
  'newPassword',
);

export const changePasswordRequest = withConfirmation(
  {
    oldPassword: passwordInputSchema,
    newPassword: passwordInputSchema,
    confirmPassword: passwordInputSchema,
  },
  'newPassword',
);

export const createUserRequest = z.object({
  role: platformRoleSchema,
  username: usernameSchema,
  mobile: mobileSchema,
  password: passwordInputSchema,
  district: text(30).optional(),
});

export const adminPasswordResetRequest = z.object({
  userId: idSchema,
  newPassword: passwordInputSchema,
});

export const emailSchema = z.email('must be an email address').max(100);

export const createStaffRequest = z.object({
  username: usernameSchema,
  mobile: mobileSchema,
  email: emailSchema.optional(),
  password: passwordInputSchema,
  permissions: z.array(staffPermissionSchema).max(6).default([]),
});
export const updateStaffRequest = z.object({
  id: idSchema,
  mobile: mobileSchema.optional(),
  email: emailSchema.optional(),
});
export const staffPasswordResetRequest = z.object({ id: idSchema, newPassword: passwordInputSchema });
export const staffPermissionsRequest = z.object({
  id: idSchema,
  permissions: z.array(staffPermissionSchema).max(6),
});

export const expertFields = {
  name: text(30),
  age: z.number().int().min(18).max(100),
  gender: z.enum(['male', 'female']),
  fields: z.array(text(30)).min(1).max(10),
  yearsOfService: z.number().int().min(0).max(80),
  experience: freeText({ multiline: true }).max(200, 'at most 200 characters').default(''),
  title: freeText().max(30).default(''),
  education: freeText().max(30).default(''),
  photoFileId: freeText().max(64).optional(),
  introduction: freeText({ multiline: true }).max(2000).default(''),
};
export const createExpertRequest = z.object(expertFields);
export const updateExpertRequest = z.object(expertFields).partial().extend({ id: idSchema });

// --- replies ---

export const userViewSchema = z.object({
  id: idSchema,
  username: z.string(),
  mobile: z.string(),
  role: roleSchema,
  email: z.string().nullable(),
  district: z.string().nullable(),
  providerId: z.string().nullable(),
  permissions: z.array(staffPermissionSchema),
  createdAt: z.string(),
});
export type UserView = z.infer<typeof userViewSchema>;

export const tokenPairSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number().int(),
  /** seconds the refresh token lives (the gateway's cookie lives as long) */
  refreshExpiresIn: z.number().int(),
  user: z.object({ id: idSchema, username: z.string(), role: roleSchema }),
});

/**
 * A7: a platform role's password was right; no token yet. A code went to the
 * account's mobile (shown masked), to send with the challenge to
 * `POST /auth/login/second-factor` before it expires.
 */
export const secondFactorChallengeSchema = z.object({
  secondFactor: z.object({
    challengeId: z.string(),
    method: z.literal('sms'),
    maskedMobile: z.string(),
    expiresInSeconds: z.number().int(),
  }),
});

/** A login answers tokens, or for a platform role the second step to take. */
export const loginReplySchema = z.union([tokenPairSchema, secondFactorChallengeSchema]);

export const expertViewSchema = z.object({
  id: idSchema,
  providerId: idSchema,
  name: z.string(),
  age: z.number().int(),
  gender: z.enum(['male', 'female']),
  fields: z.array(z.string()),
  yearsOfService: z.number().int(),
  experience: z.string(),
  title: z.string(),
  education: z.string(),
  photoFileId: z.string().nullable(),
  introduction: z.string(),
  createdAt: z.string(),
});

const userIdReply = z.object({ userId: idSchema });
const byId = z.object({ id: idSchema });

/** The longest text `textUser` sends: a few concatenated SMS segments. */
export const SMS_TEXT_MAX_LENGTH = 300;

export const textUserRequest = z.object({
  /** the caller's unique delivery key (the notifications service: its message id) */
  key: text(100),
  userId: idSchema,
  text: text(SMS_TEXT_MAX_LENGTH),
});
export const textUserReply = z.object({ key: z.string(), sentAt: z.string() });

export const identity = {
  sendSmsCode: defineCommand(
    'svc.identity.sendSmsCode',
    sendSmsCodeRequest,
    z.object({ expiresInSeconds: z.number().int() }),
  ),
  captcha: defineCommand('svc.identity.captcha', emptySchema, z.object({ captchaId: z.string(), svg: z.string() })),
  register: defineCommand('svc.identity.register', registerRequest, userIdReply),
  login: defineCommand('svc.identity.login', loginRequest, loginReplySchema),
  loginSecondFactor: defineCommand('svc.identity.loginSecondFactor', secondFactorRequest, tokenPairSchema),
  refresh: defineCommand('svc.identity.refresh', refreshRequest, tokenPairSchema),
  logout: defineCommand('svc.identity.logout', logoutRequest, emptySchema),
  resetPassword: defineCommand('svc.identity.resetPassword', passwordResetRequest, emptySchema),
  me: defineCommand('svc.identity.me', emptySchema, userViewSchema),
  changePassword: defineCommand('svc.identity.changePassword', changePasswordRequest, emptySchema),
  createUser: defineCommand('svc.identity.createUser', createUserRequest, userIdReply),
  adminResetPassword: defineCommand('svc.identity.adminResetPassword', adminPasswordResetRequest, emptySchema),
  listStaff: defineCommand('svc.identity.listStaff', pageQuerySchema, pageOf(userViewSchema)),
  createStaff: defineCommand('svc.identity.createStaff', createStaffRequest, userIdReply),
  updateStaff: defineCommand('svc.identity.updateStaff', updateStaffRequest, userViewSchema),
  deleteStaff: defineCommand('svc.identity.deleteStaff', byId, emptySchema),
  resetStaffPassword: defineCommand('svc.identity.resetStaffPassword', staffPasswordResetRequest, emptySchema),
  setStaffPermissions: defineCommand('svc.identity.setStaffPermissions', staffPermissionsRequest, userViewSchema),
  listExperts: defineCommand('svc.identity.listExperts', pageQuerySchema, pageOf(expertViewSchema)),
  createExpert: defineCommand('svc.identity.createExpert', createExpertRequest, expertViewSchema),
  updateExpert: defineCommand('svc.identity.updateExpert', updateExpertRequest, expertViewSchema),
  deleteExpert: defineCommand('svc.identity.deleteExpert', byId, emptySchema),
  /**
   * for other services (WAL-2's first PIN): is this the caller's own login password? A wrong one counts
   * with the login failures (ID-3) and a locked account is refused.
   */
  verifyPassword: defineCommand(
    'svc.identity.verifyPassword',
    z.object({ password: passwordInputSchema }),
    z.object({ verified: z.literal(true) }),
    { from: ['wallet'] },
  ),
  /** for other services: is this the SMS code just sent to the caller's own mobile for this purpose? (consumed) */
  verifySmsCode: defineCommand(
    'svc.identity.verifySmsCode',
    z.object({ purpose: smsPurposeSchema, code: smsCodeSchema }),
    z.object({ verified: z.literal(true) }),
    { from: ['wallet'] },
  ),
  /**
   * for the notifications service (issue 18 item 1): texts a user at their own
   * mobile, through the SMS sender and within the hourly SMS budget (ID-6:
   * RATE_LIMITED with `retryAfterSeconds` when spent). Idempotent on `key`:
   * a key already sent sends nothing and answers as the first time.
   */
  textUser: defineCommand('svc.identity.textUser', textUserRequest, textUserReply, {
    // the SMS gateway is given 5 s; the caller waits for it and the key's record
    timeoutMs: 15_000,
    from: ['notifications'],
  }),
  /**
   * outside production: the latest code sent to a mobile (when one was sent in
   * the last hour) and the texts sent to it, newest first (issue 18)
   */
  devSms: defineCommand(
    'svc.identity.devSms',
    z.object({ mobile: mobileSchema }),
    z.object({
      code: z.string().optional(),
      purpose: sentSmsPurposeSchema.optional(),
      sentAt: z.string().optional(),
      texts: z.array(z.object({ text: z.string(), sentAt: z.string() })).default([]),
    }),
  ),
  devCaptcha: defineCommand(
    'svc.identity.devCaptcha',
    z.object({ captchaId: freeText().max(64) }),
    z.object({ text: z.string() }),
  ),
} as const;

// --- events ---

const userFacts = {
  userId: idSchema,
  username: z.string(),
  mobile: z.string(),
  role: roleSchema,
};

export const identityEvents = {
  userRegistered: defineEvent('evt.identity.user.registered', z.object({ ...userFacts, registeredAt: z.string() })),
  userCreated: defineEvent(
    'evt.identity.user.created',
    z.object({
      ...userFacts,
      district: z.string().nullable(),
      providerId: z.string().nullable(),
      /** a provider's staff: the menus granted (ID-8); absent from an event of an older release */
      permissions: z.array(staffPermissionSchema).default([]),
      createdBy: idSchema,
      createdAt: z.string(),
    }),
  ),
  /** ID-8: a provider main account granted its staff member these menus (all of them: the others are withdrawn) */
  staffPermissionsSet: defineEvent(
    'evt.identity.staff.permissions_set',
    z.object({
      userId: idSchema,
      providerId: idSchema,
      permissions: z.array(staffPermissionSchema),
      by: idSchema,
      at: z.string(),
    }),
  ),
  userDeleted: defineEvent(
    'evt.identity.user.deleted',
    z.object({ userId: idSchema, deletedBy: idSchema, at: z.string() }),
  ),
  passwordChanged: defineEvent(
    'evt.identity.password.changed',
    z.object({ userId: idSchema, how: z.enum(['change', 'self_reset', 'admin_reset']), by: idSchema, at: z.string() }),
  ),
  accountLocked: defineEvent('evt.identity.account.locked', z.object({ userId: idSchema, until: z.string() })),
} as const;
