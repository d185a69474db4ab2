import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { accessTokenPublicKeySetting, type BaseConfig } from '@voucher/kit';
import type { ServiceContext } from '@voucher/runtime';
import { storageConfig } from '@voucher/storage';

const perMinute = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

/**
 * The gateway's own variables, beyond the platform's (libs/kit config.ts).
 * Limits are configuration, not code, so tests lower them (ARCHITECTURE A10a).
 */
export const gatewayConfig = {
  /** A7: checks the access tokens identity signs; the gateway never holds the private key */
  ACCESS_TOKEN_PUBLIC_KEY: accessTokenPublicKeySetting(),
  GATEWAY_HOST: z.string().min(1).default('127.0.0.1'),
  /** 0 asks the OS for a free port: tests read the bound one back (see `runningGateway`) */
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /**
   * Comma-separated addresses or CIDRs of reverse proxies whose X-Forwarded-For
   * is believed; empty (the default) trusts none. Behind a proxy, leaving it
   * empty would put every client under the proxy's one per-IP budget.
   */
  GATEWAY_TRUST_PROXY: z.string().default(''),
  RATE_LIMIT_IP_PER_MINUTE: perMinute(1200),
  RATE_LIMIT_USER_PER_MINUTE: perMinute(600),
  /** applied twice on login: per client IP and per account (or mobile) tried */
  RATE_LIMIT_LOGIN_PER_MINUTE: perMinute(20),
  RATE_LIMIT_SMS_PER_MINUTE: perMinute(5),
  RATE_LIMIT_PIN_PER_MINUTE: perMinute(10),
  /**
   * Uploads (API.md § Files): `STORAGE_DRIVER` (`local`, the only driver yet)
   * and `STORAGE_DIR` (default `<repo>/.data/uploads`; libs/storage config.ts).
   * Several replicas must share the folder or use an S3-compatible driver.
   */
  ...storageConfig,
  /**
   * Per-user upload quotas: how many files, and how many bytes in all, one
   * user may keep uploaded (unattached uploads are cleaned away after a day).
   * Over either, an upload answers 409 UPLOAD_QUOTA_REACHED.
   */
  UPLOAD_QUOTA_FILES: z.coerce.number().int().min(1).default(1000),
  UPLOAD_QUOTA_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(2 * 1024 ** 3),
  /** an upload that no record cites this many hours after it was made is condemned, then removed */
  UPLOAD_UNATTACHED_HOURS: z.coerce.number().min(1).default(24),
  /** how long a condemned upload waits before it is asked about once more and deleted */
  UPLOAD_CLEANUP_GRACE_MINUTES: z.coerce.number().min(1).default(10),
  /**
   * POST /lottery/verify: how long one document may take in the worker (the
   * largest real publication, 49 MiB, takes 12-24 s on the busy 2-core build machine)
   */
  GATEWAY_VERIFY_TIME_LIMIT_MS: z.coerce.number().int().min(1).default(60_000),
  /**
   * On stop, how long requests in flight get to answer before their
   * connections are closed: a client that never finishes sending its body
   * must not hold a shutdown (or a rolling update) for ever
   */
  GATEWAY_DRAIN_MS: z.coerce.number().int().min(0).default(10_000),
  /**
   * Issue 19 item 4: the link to a trace in the operations console, `{traceId}`
   * standing for the trace's id (Jaeger: `http://127.0.0.1:16686/trace/{traceId}`);
   * unset, the console shows the trace id to copy
   */
  TRACE_URL_TEMPLATE: z
    .string()
    .url()
    .refine((t) => t.includes('{traceId}'), 'must contain {traceId}')
    .optional(),
  /** the web portal's build, served at `/` when present (issue 10); default: the workspace's services/portal/dist */
  PORTAL_DIR: z.string().default(fileURLToPath(new URL('../../portal/dist', import.meta.url))),
};

export type GatewayConfig = BaseConfig & z.infer<z.ZodObject<typeof gatewayConfig>>;
export type GatewayContext = ServiceContext<GatewayConfig>;
