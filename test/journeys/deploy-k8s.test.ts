import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { fileKeepers, services } from '@voucher/contracts';
import { Job } from 'kubernetes-models/batch/v1';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';

/**
 * deploy/k8s is checked, not sketched (ARCHITECTURE A8): every manifest
 * against the Kubernetes schemas, and against the compose file that runs the
 * same platform on one host.
 */
const root = resolve(import.meta.dirname, '..', '..');
const k8s = join(root, 'deploy', 'k8s');
const read = (path: string) => readFileSync(path, 'utf8');

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  [key: string]: any;
}
const manifests: (Manifest & { file: string })[] = readdirSync(k8s)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((file) => parseAllDocuments(read(join(k8s, file))).map((d) => ({ ...(d.toJSON() as Manifest), file })));
const all = (kind: string) => manifests.filter((m) => m.kind === kind);
const one = (kind: string, name: string) => manifests.find((m) => m.kind === kind && m.metadata.name === name)!;

const models: Record<string, new (data: any) => { validate(): void }> = {
  ConfigMap,
  Deployment,
  HorizontalPodAutoscaler,
  Job,
  NetworkPolicy,
  PodDisruptionBudget,
  Service,
  StatefulSet,
};

/** The containers of a Deployment or the Job, by name. */
const containersOf = (m: Manifest) => m.spec.template.spec.containers as { name: string; [k: string]: any }[];

describe('the Kubernetes manifests (deploy/k8s)', () => {
  it('are each valid against the Kubernetes schema of their kind', () => {
    expect(manifests.length).toBeGreaterThan(30);
    // the schemas do refuse: a Deployment with a word for its replica count
    const { file: _f, ...gateway } = one('Deployment', 'gateway');
    expect(() =>
      new Deployment({ ...gateway, spec: { ...gateway.spec, replicas: 'two' } } as never).validate(),
    ).toThrow();
    for (const m of manifests) {
      const Model = models[m.kind];
      expect(Model, `${m.file}: a ${m.kind} the test does not know`).toBeDefined();
      const { file: _file, ...doc } = m;
      expect(() => new Model!(doc).validate(), `${m.file}: ${m.kind} ${m.metadata.name}`).not.toThrow();
    }
  });

  it('run every service of the compose file, each probed for readiness and liveness', () => {
    const compose = parse(read(join(root, 'docker-compose.yml')), { merge: true });
    const platform = Object.keys(compose.services).filter((s) => (services as readonly string[]).includes(s));
    expect(platform.sort()).toEqual([...services].sort());
    for (const service of services) {
      const [container] = containersOf(one('Deployment', service));
      expect(container!.readinessProbe?.httpGet?.path, service).toBe('/readyz');
      expect(container!.livenessProbe?.httpGet?.path, service).toBe('/healthz');
    }
    expect(one('ConfigMap', 'voucher-config').data.HEALTH_PORT).toBe('8081');
  });

  it('keep, in compose, every file keeper’s files on the one volume that outlives its container', () => {
    const compose = parse(read(join(root, 'docker-compose.yml')), { merge: true });
    for (const service of fileKeepers) {
      expect(compose.services[service].environment?.STORAGE_DIR, service).toBe('/var/lib/voucher/uploads');
      expect(compose.services[service].volumes, service).toContain('uploads:/var/lib/voucher/uploads');
    }
  });

  it('give every variable of the compose file a value or a Secret', () => {
    const compose = parse(read(join(root, 'docker-compose.yml')), { merge: true });
    const readme = read(join(k8s, 'README.md'));
    const config = one('ConfigMap', 'voucher-config').data as Record<string, string>;
    // where compose and the cluster differ by design, and why
    const byDesign: Record<string, string> = {
      STORAGE_DIR: 'the cluster keeps files in the NATS Object Store (STORAGE_DRIVER=nats), not on a volume',
    };
    for (const service of services) {
      const deployment = one('Deployment', service);
      const env = new Set((containersOf(deployment)[0]!.env ?? []).map((e: { name: string }) => e.name));
      for (const variable of Object.keys(compose.services[service].environment ?? {})) {
        if (byDesign[variable]) continue;
        // a Secret made out of band, as the README's commands make it
        const secret = new RegExp(`--from-(literal|file)=${variable}=`).test(readme);
        expect(variable in config || env.has(variable) || secret, `${service}: ${variable}`).toBe(true);
      }
    }
  });

  it('migrate a release with a Job that runs each service as its Deployment would, once', () => {
    const job = all('Job').find((j) => j.metadata.name.startsWith('voucher-migrate-'))!;
    expect(
      containersOf(job)
        .map((c) => c.name)
        .sort(),
    ).toEqual([...services].sort());
    for (const container of containersOf(job)) {
      const [deployed] = containersOf(one('Deployment', container.name));
      expect(container.command).toEqual(['node', `services/${container.name}/dist/main.js`, '--migrate-only']);
      expect(container.envFrom, container.name).toEqual(deployed!.envFrom);
      expect(container.env ?? [], container.name).toEqual(deployed!.env ?? []);
    }
  });

  it('keep one ready replica of every service and two NATS nodes through a disruption, and scale the gateway and lottery', () => {
    for (const service of services) {
      expect(one('PodDisruptionBudget', service).spec.minAvailable, service).toBe(1);
    }
    expect(one('PodDisruptionBudget', 'nats').spec.maxUnavailable).toBe(1);
    expect(
      all('HorizontalPodAutoscaler')
        .map((h) => h.spec.scaleTargetRef.name)
        .sort(),
    ).toEqual(['gateway', 'lottery']);
  });

  it('close every pod to incoming connections, then let only the platform reach NATS, PostgreSQL and Redis', () => {
    expect(one('NetworkPolicy', 'default-deny-ingress').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    const platformSelector = one('NetworkPolicy', 'nats').spec.ingress[0].from[0].podSelector;
    expect([...platformSelector.matchExpressions[0].values].sort()).toEqual([...services].sort());
    for (const name of ['postgres', 'redis']) {
      const sources = one('NetworkPolicy', name).spec.ingress[0].from.map(
        (f: { podSelector: unknown }) => f.podSelector,
      );
      expect(sources[0], name).toEqual(platformSelector);
    }
    expect(one('NetworkPolicy', 'gateway-http').spec.ingress).toEqual([{ ports: [{ port: 8080, protocol: 'TCP' }] }]);
  });

  it('keep the streams on three NATS nodes, and no secret in a manifest', () => {
    expect(one('StatefulSet', 'nats').spec.replicas).toBe(3);
    expect(one('ConfigMap', 'voucher-config').data.BUS_REPLICAS).toBe('3');
    expect(all('Secret')).toEqual([]);
  });
});
