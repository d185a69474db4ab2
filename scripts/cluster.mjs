// The pieces of the local cluster (ARCHITECTURE A8), on loopback: three
// nats-server nodes with JetStream and cluster routes, and HAProxy in front of
// the gateways. `npm run cluster` puts them together with two replicas of
// every service (scripts/start-cluster.mjs); the cluster journey and the fault
// suite start them the same way.
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { ROOT } from './platform.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const portOpen = (port) =>
  new Promise((res) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), res(true)));
    s.once('error', () => res(false));
  });

async function waitFor(what, probe, timeoutMs, processes) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    for (const [name, child] of processes) {
      if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} (see its log)`);
    }
    if (await probe()) return;
    await sleep(100);
  }
  throw new Error(`${what} not ready after ${timeoutMs} ms`);
}

function spawnLogged(name, command, args, logDir) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const out = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  return child;
}

function stopChild(child, signal = 'SIGTERM') {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((res) => {
    child.once('exit', () => res());
    child.kill(signal);
  });
}

/**
 * Three JetStream nodes, configured by the bus set-up (`--target cluster`):
 * the platform's credentials and permissions, routes authenticated with the
 * cluster's own password. Client ports `port`…`port + 2`, routes `port + 10`…,
 * monitors `port + 20`…. Ready when every node's monitor says JetStream is
 * healthy (a metadata leader is elected).
 * @param {{ dir: string, port: number, logDir: string, readyTimeoutMs?: number }} o
 */
export async function startNatsCluster({ dir, port, logDir, readyTimeoutMs = 30_000 }) {
  mkdirSync(logDir, { recursive: true });
  execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'libs/bus/src/setup-cli.ts'),
      '--target',
      'cluster',
      '--dir',
      join(dir, 'bus'),
      '--store',
      dir,
      '--listen',
      `127.0.0.1:${port}`,
    ],
    { cwd: ROOT, stdio: 'pipe' },
  );
  const nodes = [0, 1, 2];
  /** @type {Map<string, import('node:child_process').ChildProcess>} */
  const processes = new Map();
  const start = (i) =>
    processes.set(
      `nats-${i + 1}`,
      spawnLogged(`nats-${i + 1}`, 'nats-server', ['-c', join(dir, 'bus', `nats-${i + 1}.conf`)], logDir),
    );
  const healthy = async (i) => {
    try {
      const res = await fetch(`http://127.0.0.1:${port + 20 + i}/healthz`, { signal: AbortSignal.timeout(1000) });
      return res.ok;
    } catch {
      return false;
    }
  };
  const waitHealthy = async (which = nodes, timeoutMs = readyTimeoutMs) =>
    waitFor('the NATS cluster', async () => (await Promise.all(which.map(healthy))).every(Boolean), timeoutMs, [
      ...processes,
    ]);
  for (const i of nodes) start(i);
  await waitHealthy();
  return {
    url: nodes.map((i) => `nats://127.0.0.1:${port + i}`).join(','),
    keysDir: join(dir, 'bus', 'keys'),
    /** SIGKILL node i (0-based), as a crashed host */
    kill: (i) => stopChild(processes.get(`nats-${i + 1}`), 'SIGKILL'),
    /** start node i again on its own data, and wait until it is healthy */
    async restart(i) {
      await stopChild(processes.get(`nats-${i + 1}`));
      start(i);
      await waitHealthy([i]);
    },
    waitHealthy,
    async stop() {
      await Promise.all([...processes.values()].map((c) => stopChild(c)));
    },
  };
}

/**
 * A Redis of the cluster's own on `port`, keeping nothing on disk (as the
 * platform's Redis may lose everything): a restart starts it empty, which is
 * the fault the platform must survive (A8).
 * @param {{ port: number, logDir: string }} o
 */
export async function startRedis({ port, logDir }) {
  mkdirSync(logDir, { recursive: true });
  let child;
  const start = async () => {
    child = spawnLogged(
      'redis',
      'redis-server',
      ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'],
      logDir,
    );
    await waitFor(`Redis on ${port}`, () => portOpen(port), 10_000, [['redis', child]]);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    /** SIGKILL it and start it again: empty */
    async restart() {
      await stopChild(child, 'SIGKILL');
      await start();
    },
    stop: () => stopChild(child),
  };
}

/** The processes whose parent is `pid`, from /proc. */
function childrenOf(pid) {
  const children = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // the fields after the command's closing parenthesis: state, ppid, …
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return children;
}

/** Debian's PostgreSQL server programs (the newest installed version). */
function postgresBinDir() {
  const versions = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql')
        .filter((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error('no PostgreSQL server programs under /usr/lib/postgresql');
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

/**
 * A PostgreSQL of the cluster's own on `port`, its data in `dir`, so that a
 * fault test may SIGKILL it and start it again (crash recovery, as a host
 * that lost power) without touching the machine's server (A8). PostgreSQL
 * refuses to run as root: as root, it runs as the `postgres` user.
 * @param {{ dir: string, port: number, logDir: string }} o
 */
export async function startPostgres({ dir, port, logDir }) {
  mkdirSync(logDir, { recursive: true });
  mkdirSync(dir, { recursive: true });
  const bin = postgresBinDir();
  /** @type {{ uid?: number, gid?: number }} */
  const user = {};
  if (process.getuid?.() === 0) {
    user.uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    user.gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    execFileSync('chown', ['-R', `${user.uid}:${user.gid}`, dir]);
  }
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    execFileSync(`${bin}/initdb`, ['-D', dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8'], {
      stdio: 'pipe',
      ...user,
    });
  }
  const ready = async () => {
    try {
      execFileSync(`${bin}/pg_isready`, ['-q', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres']);
      return true;
    } catch {
      return false;
    }
  };
  let child;
  const start = async () => {
    const args = ['-D', dir, '-p', String(port), '-k', dir];
    args.push('-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200');
    child = spawn(`${bin}/postgres`, args, { stdio: ['ignore', 'pipe', 'pipe'], ...user });
    const out = createWriteStream(join(logDir, 'postgres.log'), { flags: 'a' });
    child.stdout.pipe(out);
    child.stderr.pipe(out);
    await waitFor(`PostgreSQL on ${port}`, ready, 30_000, [['postgres', child]]);
  };
  await start();
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    /**
     * SIGKILL the server and every backend, as a host that lost power, and
     * start it again on its data: it recovers what was committed. Killing the
     * postmaster alone leaves backends attached to its shared memory for as
     * long as their statement runs, and a new postmaster refuses to start
     * beside them ("pre-existing shared memory block is still in use"). Each
     * backend leads its own process group, so they are found by their parent:
     * the postmaster is stopped first, so that it forks none meanwhile.
     */
    async restart() {
      const postmaster = child.pid;
      process.kill(postmaster, 'SIGSTOP');
      for (const backend of childrenOf(postmaster)) process.kill(backend, 'SIGKILL');
      await stopChild(child, 'SIGKILL');
      for (let attempt = 1; ; attempt++) {
        try {
          await start();
          return;
        } catch (error) {
          // a killed backend may take a moment to release the shared memory
          if (attempt >= 20) throw error;
          await sleep(250);
        }
      }
    },
    // SIGINT: PostgreSQL's fast shutdown
    stop: () => stopChild(child, 'SIGINT'),
  };
}

const haproxyBinary = () =>
  ['/usr/sbin/haproxy', '/usr/bin/haproxy', '/usr/local/sbin/haproxy'].find((p) => existsSync(p)) ?? 'haproxy';

/**
 * HAProxy on `port`, spreading over `backends` (the gateways) and checking
 * each one's own readiness every second on its probe server (`probes`, the
 * gateway's HEALTH_PORT: its NATS, PostgreSQL and Redis): a gateway that is
 * not ready, or gone, gets no new requests, and a request whose connection it
 * refused is sent to the other (A8). Not the gateway's /readyz, which also
 * asks every service: a service down on every replica would then take every
 * gateway out, and the whole API with it, where only that service's routes
 * should answer 503. X-Forwarded-For carries the client's address to the
 * gateways, which trust it from loopback alone (GATEWAY_TRUST_PROXY).
 * @param {{ dir: string, port: number, backends: string[], probes: string[], logDir: string }} o
 */
export async function startLoadBalancer({ dir, port, backends, probes, logDir }) {
  if (probes.length !== backends.length) throw new Error('one probe server per gateway');
  mkdirSync(dir, { recursive: true });
  mkdirSync(logDir, { recursive: true });
  const config = join(dir, 'haproxy.cfg');
  writeFileSync(
    config,
    `# written by scripts/cluster.mjs at each start
global
  # within a default open-files limit: each connection holds two descriptors
  maxconn 4096

defaults
  mode http
  timeout connect 2s
  timeout client 65s
  timeout server 65s
  timeout http-keep-alive 10s
  retries 2
  # only a connection refused is retried: the gateway never saw that request, so no command runs twice
  retry-on conn-failure
  option redispatch
  option forwardfor

frontend gateways
  bind 127.0.0.1:${port}
  default_backend gateways

backend gateways
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  default-server inter 1s fall 2 rise 2
${backends.map((b, i) => `  server gateway-${i + 1} ${new URL(b).host} check port ${new URL(probes[i]).port}`).join('\n')}
`,
  );
  const child = spawnLogged('haproxy', haproxyBinary(), ['-f', config, '-db'], logDir);
  await waitFor(`HAProxy on ${port}`, () => portOpen(port), 10_000, [['haproxy', child]]);
  return { url: `http://127.0.0.1:${port}`, stop: () => stopChild(child) };
}
