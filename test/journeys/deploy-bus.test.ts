import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { services } from '@voucher/contracts';

const root = resolve(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const platform = services;

/** What `npm run bus-setup -- --target <t>` writes, into a folder of the test's own. */
function setUp(target: string): string {
  const dir = mkdtempSync(join(tmpdir(), `bus-${target}-`));
  execFileSync(process.execPath, ['--import', 'tsx', 'libs/bus/src/setup-cli.ts', '--target', target, '--dir', dir], {
    cwd: root,
  });
  return dir;
}

/** nats-server's own check of a configuration file: what it says, and whether it exits 0. */
function validates(conf: string, env: Record<string, string> = {}) {
  const r = spawnSync('nats-server', ['-t', '-c', conf], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return { ok: r.status === 0, said: `${r.stdout}${r.stderr}` };
}

describe('A7: every deployment runs the bus from the generated configuration', () => {
  it.each([
    ['local', {}],
    ['compose', {}],
    ['k8s', { POD_NAME: 'nats-0' }],
  ])(
    'generates a %s configuration nats-server accepts, with a user per identity and no anonymous access',
    (target, env) => {
      const conf = join(setUp(target), 'nats.conf');
      expect(validates(conf, env)).toEqual({ ok: true, said: expect.stringMatching(/is valid/) });
      const text = readFileSync(conf, 'utf8');
      expect(text).not.toMatch(/no_auth_user/);
      for (const service of platform) expect(text).toContain(`# ${service}\n`);
      expect(text.includes('*.svc.')).toBe(target === 'local');
    },
  );

  it('runs docker compose’s NATS from its configuration and gives each service its own key alone', () => {
    const compose = parse(read('docker-compose.yml'));
    expect(compose.services.nats.command).toEqual(['-c', '/etc/nats/nats.conf']);
    expect(compose.services.nats.volumes).toContain('./.data/bus-compose/nats.conf:/etc/nats/nats.conf:ro');
    for (const service of platform) {
      const mounts: string[] = compose.services[service].volumes;
      const keys = mounts.filter((m) => m.includes('.nk:'));
      expect(keys).toEqual([`./.data/bus-compose/keys/${service}.nk:/etc/voucher/bus/${service}.nk:ro`]);
      expect(mounts).toContain('./.data/bus-compose/keys/public-keys.json:/etc/voucher/bus/public-keys.json:ro');
    }
    expect(compose['x-env'].BUS_KEYS_DIR).toBe('/etc/voucher/bus');
  });

  it('gives docker compose’s signing key to identity alone and the PIN key to the wallet alone', () => {
    const compose = parse(read('docker-compose.yml'));
    const holders = (variable: string) =>
      platform.filter((s) => Object.keys(compose.services[s].environment ?? {}).includes(variable));
    expect(holders('ACCESS_TOKEN_PRIVATE_KEY')).toEqual(['identity']);
    expect(holders('ACCESS_TOKEN_PUBLIC_KEY')).toEqual(['gateway']);
    expect(holders('PIN_HASH_KEY')).toEqual(['wallet']);
    expect(Object.keys(compose['x-env'])).not.toContain('JWT_SECRET');
  });

  it('gives each Kubernetes Deployment its own NKey alone, and keeps every secret out of the manifests', () => {
    const docs = ['config.yaml', 'nats.yaml', 'services.yaml'].flatMap((f) =>
      parseAllDocuments(read(`deploy/k8s/${f}`)).map((d) => d.toJSON()),
    );
    expect(docs.filter((d) => d.kind === 'Secret')).toEqual([]);
    const config = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === 'voucher-config');
    expect(Object.keys(config.data)).not.toContain('JWT_SECRET');
    expect(config.data.BUS_KEYS_DIR).toBe('/etc/voucher/bus');
    const nats = docs.find((d) => d.kind === 'StatefulSet' && d.metadata.name === 'nats');
    // the configuration holds the cluster's route password: a Secret (A8)
    expect(nats.spec.template.spec.volumes).toContainEqual({ name: 'config', secret: { secretName: 'nats-config' } });
    expect(config.data.BUS_REPLICAS).toBe('3');
    for (const service of platform) {
      const deployment = docs.find((d) => d.kind === 'Deployment' && d.metadata.name === service);
      const bus = deployment.spec.template.spec.volumes.find((v: { name: string }) => v.name === 'bus');
      const secrets = bus.projected.sources.filter((s: { secret?: unknown }) => s.secret);
      expect(secrets.map((s: { secret: { name: string } }) => s.secret.name)).toEqual([`voucher-bus-${service}`]);
      const secretRefs = deployment.spec.template.spec.containers[0].envFrom
        .filter((e: { secretRef?: unknown }) => e.secretRef)
        .map((e: { secretRef: { name: string } }) => e.secretRef.name);
      const own = service === 'identity' || service === 'wallet' ? [`voucher-${service}`] : [];
      // every process: the database and the metrics' bearer token (issue 19); identity and the wallet their own
      expect(secretRefs).toEqual(['voucher-database', 'voucher-metrics', ...own]);
    }
  });
});
