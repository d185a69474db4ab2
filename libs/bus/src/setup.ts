import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allCommands, fileKeepers, services, subscriptions } from '@voucher/contracts';
import { newIdentityKey, publicKeyOfSeed, PUBLIC_KEYS_FILE, seedFile } from './keys.ts';
import { BENCH_IDENTITY, busPermissions, OPERATOR_IDENTITY, type BusCatalogue } from './policy.ts';
import { renderServerConfig, type ServerConfigOptions } from './server-config.ts';

/** The platform's catalogue, as the policy reads it. */
export function platformCatalogue(): BusCatalogue {
  return { services, commands: allCommands(), subscriptions, fileKeepers };
}

/** Every identity of a catalogue: its services, the operator's tooling and, in development, the benchmarks. */
export const identitiesOf = (catalogue: BusCatalogue, { development = true } = {}) => [
  ...catalogue.services,
  OPERATOR_IDENTITY,
  ...(development ? [BENCH_IDENTITY] : []),
];

/**
 * Each identity's NKey in `keysDir`: a seed made once and kept (readable by
 * its owner only; delete one and run again to rotate it), and the public keys
 * of all, written anew. Returns the public keys.
 */
export function ensureBusKeys(keysDir: string, identities: readonly string[]): Record<string, string> {
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const publicKeys: Record<string, string> = {};
  for (const identity of identities) {
    const file = join(keysDir, seedFile(identity));
    if (!existsSync(file)) writeFileSync(file, `${newIdentityKey().seed}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    publicKeys[identity] = publicKeyOfSeed(readFileSync(file, 'utf8').trim());
  }
  writeFileSync(join(keysDir, PUBLIC_KEYS_FILE), `${JSON.stringify(publicKeys, null, 2)}\n`);
  return publicKeys;
}

export interface TlsFiles {
  caFile: string;
  certFile: string;
  keyFile: string;
}

/**
 * A private CA and a server certificate for the loopback names, made once
 * with openssl: the tests' TLS, and a development server's when asked for.
 * Production brings its own certificates.
 */
export function ensureTlsCertificate(tlsDir: string): TlsFiles {
  const files = {
    caFile: join(tlsDir, 'ca.pem'),
    certFile: join(tlsDir, 'server.pem'),
    keyFile: join(tlsDir, 'server-key.pem'),
  };
  if (existsSync(files.caFile) && existsSync(files.certFile) && existsSync(files.keyFile)) return files;
  mkdirSync(tlsDir, { recursive: true, mode: 0o700 });
  const caKey = join(tlsDir, 'ca-key.pem');
  const csr = join(tlsDir, 'server.csr');
  const ext = join(tlsDir, 'server.ext');
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', caKey);
  openssl(
    'req',
    '-x509',
    '-new',
    '-key',
    caKey,
    '-sha256',
    '-days',
    '3650',
    '-subj',
    '/CN=voucher bus CA',
    '-out',
    files.caFile,
  );
  openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', files.keyFile);
  openssl('req', '-new', '-key', files.keyFile, '-subj', '/CN=localhost', '-out', csr);
  writeFileSync(ext, 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\nextendedKeyUsage=serverAuth\n');
  openssl(
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    files.caFile,
    '-CAkey',
    caKey,
    '-CAcreateserial',
    '-days',
    '825',
    '-sha256',
    '-extfile',
    ext,
    '-out',
    files.certFile,
  );
  chmodSync(files.keyFile, 0o600);
  // the CA signs this one certificate only: its key and the paperwork go
  for (const f of [caKey, csr, ext, join(tlsDir, 'ca.srl')]) rmSync(f, { force: true });
  return files;
}

export interface BusSetupOptions {
  /** where the keys, certificates and configuration go */
  dir: string;
  listen: string;
  storeDir: string;
  serverName: string;
  /** a development server: test runs share it under their BUS_PREFIX, and the benchmarks have their identity */
  development: boolean;
  tls: boolean;
  monitor?: string;
  cluster?: ServerConfigOptions['cluster'];
  pidFile?: string;
  /** the configuration's file name in `dir`: `nats.conf`, or one per node of a cluster */
  configName?: string;
}

/** The password the nodes of one cluster route to each other with: made once in `keysDir`, kept (A8). */
export function ensureRoutePassword(keysDir: string): string {
  const file = join(keysDir, 'cluster-route.secret');
  if (!existsSync(file)) writeFileSync(file, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/** Keys (kept), certificates (kept) and the server configuration (anew) for the platform's bus. */
export function setUpBus(o: BusSetupOptions): { configFile: string; keysDir: string; tls: TlsFiles } {
  const catalogue = platformCatalogue();
  const keysDir = join(o.dir, 'keys');
  const publicKeys = ensureBusKeys(keysDir, identitiesOf(catalogue, { development: o.development }));
  const tls = ensureTlsCertificate(join(o.dir, 'tls'));
  const permissions = busPermissions(catalogue, { development: o.development });
  const config: ServerConfigOptions = {
    listen: o.listen,
    storeDir: o.storeDir,
    serverName: o.serverName,
    ...(o.tls ? { tls } : {}),
    ...(o.monitor ? { monitor: o.monitor } : {}),
    ...(o.cluster ? { cluster: { ...o.cluster, routePassword: ensureRoutePassword(keysDir) } } : {}),
    ...(o.pidFile ? { pidFile: o.pidFile } : {}),
    users: [...permissions].map(([identity, p]) => ({ identity, nkey: publicKeys[identity]!, permissions: p })),
  };
  const configFile = join(o.dir, o.configName ?? 'nats.conf');
  writeFileSync(configFile, renderServerConfig(config), { mode: 0o644 });
  return { configFile, keysDir, tls };
}
