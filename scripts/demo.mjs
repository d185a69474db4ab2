// What both start commands (npm start, npm run cluster) do once the platform
// answers: one demo account per platform role, where to go, and a clean stop
// on Ctrl-C.
const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'Demo#2026pass';

/** The demo administrator, bootstrapped by identity from these settings. */
export const demoEnv = {
  BOOTSTRAP_ADMIN_USERNAME: process.env.BOOTSTRAP_ADMIN_USERNAME ?? 'demo_admin',
  BOOTSTRAP_ADMIN_MOBILE: process.env.BOOTSTRAP_ADMIN_MOBILE ?? '13900000000',
  BOOTSTRAP_ADMIN_PASSWORD: process.env.BOOTSTRAP_ADMIN_PASSWORD ?? DEMO_PASSWORD,
};
const DEMO_USERS = [
  { role: 'district_officer', username: 'demo_officer', mobile: '13900000001', district: '玄武区' },
  { role: 'operator', username: 'demo_operator', mobile: '13900000002' },
  { role: 'expert', username: 'demo_expert', mobile: '13900000003' },
  { role: 'approver', username: 'demo_approver', mobile: '13900000004' },
  { role: 'finance', username: 'demo_finance', mobile: '13900000005' },
];

async function api(base, path, body, token) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/**
 * The demo administrator signs in as every platform role does (A7): the password, then the SMS code sent to
 * its mobile, read from the development sink (outside production only).
 */
async function adminToken(base) {
  const login = await api(base, '/auth/login', {
    account: demoEnv.BOOTSTRAP_ADMIN_USERNAME,
    password: demoEnv.BOOTSTRAP_ADMIN_PASSWORD,
  });
  if (login.status !== 200) throw new Error(`demo admin cannot log in: ${JSON.stringify(login.body)}`);
  if (!login.body.secondFactor) return login.body.accessToken;
  const sms = await fetch(`${base}/api/v1/dev/sms/${demoEnv.BOOTSTRAP_ADMIN_MOBILE}`);
  if (!sms.ok) throw new Error(`no SMS code for the demo admin: ${await sms.text()}`);
  const second = await api(base, '/auth/login/second-factor', {
    challengeId: login.body.secondFactor.challengeId,
    smsCode: (await sms.json()).code,
  });
  if (second.status !== 200) throw new Error(`demo admin cannot log in: ${JSON.stringify(second.body)}`);
  return second.body.accessToken;
}

export async function seedDemoAccounts(base) {
  const token = await adminToken(base);
  for (const u of DEMO_USERS) {
    const r = await api(base, '/admin/users', { ...u, password: DEMO_PASSWORD }, token);
    if (r.status !== 201 && r.body?.error?.code !== 'DUPLICATE') {
      throw new Error(`cannot create ${u.username}: ${JSON.stringify(r.body)}`);
    }
  }
}

/** The lines printed once the platform is ready: where to go, and who to sign in as. */
export function describeDemo(url) {
  return `  portal   ${url}/
  gateway  ${url}/api/v1
  docs     ${url}/docs
  ready?   ${url}/readyz

demo accounts (password for all: ${DEMO_PASSWORD})
  admin             ${demoEnv.BOOTSTRAP_ADMIN_USERNAME}
${DEMO_USERS.map((u) => `  ${u.role.padEnd(17)} ${u.username}${u.district ? ` (${u.district})` : ''}`).join('\n')}
enterprises and providers register themselves (SMS codes: GET /api/v1/dev/sms/{mobile})

Ctrl-C stops everything.`;
}

/** Ctrl-C (or SIGTERM) runs `stop` once, then exits. */
export function stopOnSignals(stop) {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, async () => {
      if (stopping) return;
      stopping = true;
      console.log('\nstopping …');
      await stop();
      console.log('stopped.');
      process.exit(0);
    });
  }
}
