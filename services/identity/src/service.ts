import { z } from 'zod';
import type { Kysely } from 'kysely';
import { accessTokenPrivateKeySetting, ConfigError, refusedInProduction } from '@voucher/kit';
import { mobileSchema } from '@voucher/contracts';
import type { ServiceDefinition } from '@voucher/runtime';
import { captchaStore } from './store/captchas.ts';
import { loginAttemptStore } from './store/login-attempts.ts';
import { revocationStore } from './store/revocations.ts';
import { loginChallengeStore } from './store/login-challenges.ts';
import { smsCodeStore } from './store/sms-codes.ts';
import type { IdentityDb } from './store/schema.ts';
import { devSinkInbox, devSinkSender, webhookSender, type SmsSender } from './sms/sender.ts';
import type { IdentityDeps } from './handlers/deps.ts';
import { registerAuthHandlers } from './handlers/auth.ts';
import { registerLoginHandlers } from './handlers/login.ts';
import { SMS_CODE_TTL_SECONDS } from './domain/sms-rules.ts';
import { registerAccountHandlers } from './handlers/account.ts';
import { registerAdminHandlers } from './handlers/admin.ts';
import { registerStaffHandlers } from './handlers/staff.ts';
import { registerExpertHandlers } from './handlers/experts.ts';
import { registerDevHandlers } from './handlers/dev.ts';
import { registerTextHandlers } from './handlers/texts.ts';
import { ensureBootstrapAdmin } from './handlers/bootstrap.ts';
import { startProjections } from './handlers/projections.ts';
import { countedSender, identityMetrics } from './metrics.ts';

const identityConfig = {
  /** A7: identity alone signs access tokens (EdDSA); the gateway holds the public half */
  ACCESS_TOKEN_PRIVATE_KEY: accessTokenPrivateKeySetting(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(300)
    .default(7 * 86400),
  SMS_SENDER: z.enum(['dev-sink', 'webhook']).default('dev-sink'),
  SMS_WEBHOOK_URL: z.url().optional(),
  /**
   * ID-6: SMS codes the platform sends in one clock hour at most, against SMS
   * pumping (anyone may ask for a code to any mobile); then 429 RATE_LIMITED
   */
  SMS_BUDGET_PER_HOUR: z.coerce.number().int().min(1).default(1000),
  /**
   * Issue 18: texts (`svc.identity.textUser`) in one clock hour at most, a
   * budget of their own: they go only to registered users' own mobiles, on the
   * platform's events, and a draw's 100,000 wins (LOT-7) must neither take the
   * codes' budget (nobody could sign in by SMS on draw day) nor be bounded by it.
   */
  SMS_TEXT_BUDGET_PER_HOUR: z.coerce.number().int().min(1).default(200_000),
  PROGRAMME_TIME_ZONE: z.string().default('Asia/Shanghai'),
  /** the first administrator, created once when none exists (ID-10) */
  BOOTSTRAP_ADMIN_USERNAME: z.string().default('admin'),
  /**
   * The administrator's second factor goes to this mobile (A7), so production
   * never takes a default: a made-up number would send an administrator's
   * codes to a stranger.
   */
  BOOTSTRAP_ADMIN_MOBILE: refusedInProduction(mobileSchema.optional(), (mobile, config) =>
    config.BOOTSTRAP_ADMIN_PASSWORD !== undefined && mobile === undefined
      ? 'must be given in production with BOOTSTRAP_ADMIN_PASSWORD: the administrator’s own mobile'
      : null,
  ),
  BOOTSTRAP_ADMIN_PASSWORD: z.string().optional(),
};

/** The first administrator's mobile outside production, when none is given. */
const DEVELOPMENT_BOOTSTRAP_ADMIN_MOBILE = '13900000000';

export const identityService: ServiceDefinition<typeof identityConfig> = {
  name: 'identity',
  config: identityConfig,
  async register({ bus, db, redis, logger, config, metrics: processMetrics }) {
    const production = config.NODE_ENV === 'production';
    let smsSender: SmsSender;
    if (config.SMS_SENDER === 'webhook') {
      if (!config.SMS_WEBHOOK_URL) throw new ConfigError('SMS_SENDER=webhook needs SMS_WEBHOOK_URL');
      smsSender = webhookSender(config.SMS_WEBHOOK_URL, logger);
    } else {
      // ID-6: the development sink is never reachable in production
      if (production) throw new ConfigError('SMS_SENDER=dev-sink is refused in production: configure a webhook');
      smsSender = devSinkSender(redis, logger);
    }
    const metrics = identityMetrics(processMetrics);
    const deps: IdentityDeps = {
      db: db as Kysely<IdentityDb>,
      ...(production ? {} : { devSinkInbox: devSinkInbox(redis) }),
      logger,
      metrics,
      smsCodes: smsCodeStore(redis),
      smsSender: countedSender(smsSender, metrics),
      loginAttempts: loginAttemptStore(redis),
      captchas: captchaStore(redis),
      revocations: revocationStore(redis, config.ACCESS_TOKEN_TTL_SECONDS),
      loginChallenges: loginChallengeStore(redis, SMS_CODE_TTL_SECONDS),
      settings: {
        signingKey: config.ACCESS_TOKEN_PRIVATE_KEY,
        passwordKdfCost: config.PASSWORD_KDF_COST,
        accessTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
        refreshTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
        timeZone: config.PROGRAMME_TIME_ZONE,
        smsBudgetPerHour: config.SMS_BUDGET_PER_HOUR,
        smsTextBudgetPerHour: config.SMS_TEXT_BUDGET_PER_HOUR,
      },
    };
    registerAuthHandlers(bus, deps);
    registerLoginHandlers(bus, deps);
    registerAccountHandlers(bus, deps);
    registerAdminHandlers(bus, deps);
    registerStaffHandlers(bus, deps);
    registerExpertHandlers(bus, deps);
    registerTextHandlers(bus, deps);
    if (!production) registerDevHandlers(bus, deps);
    if (config.BOOTSTRAP_ADMIN_PASSWORD) {
      await ensureBootstrapAdmin(deps, {
        username: config.BOOTSTRAP_ADMIN_USERNAME,
        mobile: config.BOOTSTRAP_ADMIN_MOBILE ?? DEVELOPMENT_BOOTSTRAP_ADMIN_MOBILE,
        password: config.BOOTSTRAP_ADMIN_PASSWORD,
      });
    }
    return { consumers: await startProjections(bus, deps) };
  },
};
