// The foundation's figures (issue 2 closing note), each with the floor of its
// path measured in the same run (ARCHITECTURE A10).
import { scrypt, randomBytes } from 'node:crypto';
import { CONNECTIONS, DURATION_S, echoFloor, load } from './http-load.ts';
import { isolate } from '@voucher/testing';
import { launchPlatform } from '../../scripts/platform.mjs';
import { memoryOfEach } from './process-memory.ts';

// OWASP's minimum for scrypt (N = 2^17, r = 8, p = 1), the platform's default since issue 16
const KDF_COST = 17;
// Each login holds one of libuv's 4 threads for one scrypt: more connections only queue, and past the bus's
// 5 s request timeout a queued login answers 504. Login is measured at this many, and at CONNECTIONS too.
const LOGIN_CONNECTIONS = 8;

/** An enterprise registered through the gateway as a person does (captcha, SMS code): one factor at login (ID-3). */
async function benchEnterprise(gatewayUrl: string): Promise<{ account: string; password: string }> {
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${gatewayUrl}/api/v1${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer = (await res.json()) as any;
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(answer)}`);
    return answer;
  };
  const who = { username: 'bench_enterprise', mobile: '13700000001', password: 'Bench#2026pw' };
  const { captchaId } = await api('GET', '/auth/captcha');
  const { text } = await api('GET', `/dev/captcha/${captchaId}`);
  await api('POST', '/auth/sms-codes', { mobile: who.mobile, purpose: 'register', captcha: { id: captchaId, text } });
  const { code } = await api('GET', `/dev/sms/${who.mobile}`);
  await api('POST', '/auth/register', {
    role: 'enterprise',
    ...who,
    confirmPassword: who.password,
    smsCode: code,
    agreed: true,
  });
  return { account: who.username, password: who.password };
}

/** scrypt at the production cost on the same libuv pool identity uses: the login's own floor. */
async function scryptFloor(): Promise<number> {
  const N = 2 ** KDF_COST;
  const one = () =>
    new Promise<void>((res, rej) =>
      scrypt('Bench#2026pw', randomBytes(16), 32, { N, r: 8, p: 1, maxmem: 256 * N * 8 }, (e) => (e ? rej(e) : res())),
    );
  const until = Date.now() + DURATION_S * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (Date.now() < until) {
        await one();
        done++;
      }
    }),
  );
  return Math.round(done / DURATION_S);
}

export async function run(): Promise<object> {
  const iso = await isolate('bench');
  const env = {
    ...iso.env,
    PASSWORD_KDF_COST: String(KDF_COST),
    GATEWAY_PORT: '18930',
    RATE_LIMIT_IP_PER_MINUTE: '10000000',
    RATE_LIMIT_USER_PER_MINUTE: '10000000',
    RATE_LIMIT_LOGIN_PER_MINUTE: '10000000',
    BOOTSTRAP_ADMIN_USERNAME: 'bench_admin',
    BOOTSTRAP_ADMIN_MOBILE: '13900000000',
    BOOTSTRAP_ADMIN_PASSWORD: 'Bench#2026pw',
  };
  try {
    const first = await launchPlatform({ env });
    await first.stop();
    // a second start measures the everyday case: schemas already migrated
    const platform = await launchPlatform({ env });
    await new Promise((r) => setTimeout(r, 3000));
    const idleMemory = memoryOfEach(platform.pids());

    // the password login of an enterprise: one scrypt verification (a platform role's first step costs the same,
    // then its SMS step costs none)
    const credentials = await benchEnterprise(platform.gatewayUrl);
    const login = await load(`${platform.gatewayUrl}/api/v1/auth/login`, credentials, {
      connections: LOGIN_CONNECTIONS,
    });
    const loginAtFullConcurrency = await load(`${platform.gatewayUrl}/api/v1/auth/login`, credentials);
    await platform.stop();
    const floor = await echoFloor(env);
    const scryptPerSecond = await scryptFloor();

    return {
      at: new Date().toISOString(),
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
      coldStartMs: { firstWithMigrations: first.coldStartMs, warm: platform.coldStartMs },
      idleMemory,
      login: { ...login, kdf: `scrypt N=2^${KDF_COST} r=8 p=1`, connections: LOGIN_CONNECTIONS, seconds: DURATION_S },
      loginAtFullConcurrency: { ...loginAtFullConcurrency, connections: CONNECTIONS },
      floors: { gatewayNatsEcho: floor, scryptHashesPerSecond: scryptPerSecond },
      ratios: {
        loginVsScryptFloor: +(login.requestsPerSecond / scryptPerSecond).toFixed(2),
        loginVsEchoFloor: +(login.requestsPerSecond / floor.requestsPerSecond).toFixed(3),
      },
    };
  } finally {
    await iso.dispose();
  }
}
