import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { METRICS_SERVICES, metricsPortOf, ROOT } from '../../scripts/platform.mjs';
import { freePort, freePortRange, journeyPlatform, type JourneyPlatform } from './platform-harness.ts';

/**
 * deploy/observability (issue 19) is run, not only written: promtool (Debian's
 * `prometheus` package, installed by deploy/local/system-packages.sh) checks
 * the rules and scrape configurations, and Debian's Prometheus, with the
 * configuration `npm start` uses pointed at this platform's ports, scrapes
 * every process, loads every rule and answers every query of the dashboard.
 */
const dir = join(ROOT, 'deploy', 'observability');
const read = (file: string) => readFileSync(join(dir, file), 'utf8');
/** the port plan's base in the committed configurations (npm start, npm run cluster) */
const PLAN_BASE = 9101;

interface StaticConfig {
  targets: string[];
  labels: { service: string };
}
const staticConfigs = (file: string): StaticConfig[] => parse(read(file)).scrape_configs[0].static_configs;
const alertNames = (): string[] =>
  parse(read('rules.yml')).groups.flatMap((g: { rules: { alert: string }[] }) => g.rules.map((r) => r.alert));

function promtool(...args: string[]) {
  const r = spawnSync('promtool', args, { cwd: dir, encoding: 'utf8' });
  return { ok: r.status === 0, said: `${r.stdout}${r.stderr}` };
}

interface Panel {
  title: string;
  type: string;
  datasource?: { uid: string };
  targets?: { expr: string }[];
}
const dashboard = JSON.parse(read('grafana/voucher-platform.json')) as {
  panels: Panel[];
  templating: { list: { name: string; type: string; query: unknown }[] };
};
const queryPanels = dashboard.panels.filter((p) => p.type !== 'row');

describe('the Prometheus and Grafana files (deploy/observability)', () => {
  it('has alert rules promtool accepts, and promtool refuses a rule that does not parse', async () => {
    const checked = promtool('check', 'rules', 'rules.yml');
    expect(checked).toEqual({ ok: true, said: expect.stringContaining(`SUCCESS: ${alertNames().length} rules found`) });
    const scratch = await mkdtemp(join(tmpdir(), 'voucher-rules-'));
    writeFileSync(
      join(scratch, 'broken.yml'),
      stringify({ groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'sum by (x (up)' }] }] }),
    );
    expect(promtool('check', 'rules', join(scratch, 'broken.yml')).ok).toBe(false);
    await rm(scratch, { recursive: true });
  });

  it('covers the outbox, consumer lag, dead letters, money errors, draw duration and ledger integrity, each with a severity, summary and description', () => {
    const rules: { alert: string; expr: string; labels: { severity: string }; annotations: Record<string, string> }[] =
      parse(read('rules.yml')).groups.flatMap((g: { rules: unknown[] }) => g.rules);
    const exprOf = (alert: string) => rules.find((r) => r.alert === alert)!.expr;
    expect(exprOf('VoucherOutboxStuck')).toMatch(/outbox_oldest_unpublished_age_seconds\) > 30$/);
    expect(exprOf('VoucherConsumerFallingBehind')).toMatch(/deriv\(bus_consumer_messages\{state="pending"\}\[5m\]\)/);
    expect(exprOf('VoucherDeadLetters')).toMatch(/bus_dead_letters\) > 0$/);
    // failures only: a refusal such as INSUFFICIENT_BALANCE is not an error
    expect(exprOf('VoucherMoneyCommandErrors')).toContain('outcome=~"INTERNAL|UNAVAILABLE|TIMEOUT"');
    for (const subject of [
      'svc\\\\.wallet\\\\.(pay|refund',
      'svc\\\\.orders\\\\.(place|pay',
      'svc\\\\.settlement\\\\.(apply',
    ]) {
      expect(exprOf('VoucherMoneyCommandErrors')).toContain(subject);
    }
    expect(exprOf('VoucherDrawSlow')).toMatch(/draw_duration_seconds_count\[1h\]\)\) > 8$/);
    expect(exprOf('VoucherLedgerIntegrityFailed')).toMatch(/ledger_integrity_ok\) == 0$/);
    for (const rule of rules) {
      expect(['critical', 'warning'], rule.alert).toContain(rule.labels.severity);
      expect(Object.keys(rule.annotations).sort(), rule.alert).toEqual(['description', 'summary']);
    }
  });

  it('has scrape configurations promtool accepts: npm start’s and the cluster’s in full, compose’s syntax', () => {
    for (const file of ['prometheus.yml', 'prometheus-cluster.yml']) {
      expect(promtool('check', 'config', file), file).toEqual({ ok: true, said: expect.stringContaining('SUCCESS') });
    }
    // its token file exists only on the production host, where the full check would find it
    expect(promtool('check', 'config', '--syntax-only', 'prometheus-compose.yml')).toEqual({
      ok: true,
      said: expect.stringContaining('SUCCESS'),
    });
  });

  it('scrapes exactly the ports that npm start, npm run cluster and compose give the processes', () => {
    const byService = (file: string) =>
      Object.fromEntries(staticConfigs(file).map((c) => [c.labels.service, c.targets]));
    const plan = (replicas: number) =>
      Object.fromEntries(
        METRICS_SERVICES.map((s) => [
          s,
          Array.from({ length: replicas }, (_, r) => `127.0.0.1:${metricsPortOf(PLAN_BASE, s, r)}`),
        ]),
      );
    expect(byService('prometheus.yml')).toEqual(plan(1));
    expect(byService('prometheus-cluster.yml')).toEqual(plan(2));
    // compose: one container per service, each on the compose file's METRICS_PORT under its own name
    const composePort = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'))['x-env'].METRICS_PORT;
    expect(byService('prometheus-compose.yml')).toEqual(
      Object.fromEntries(METRICS_SERVICES.map((s) => [s, [`${s}:${composePort}`]])),
    );
  });

  it('annotates every Kubernetes Deployment for scraping on the port the ConfigMap sets, which the PodMonitor scrapes with the token', () => {
    const docs = ['config.yaml', 'services.yaml'].flatMap((f) =>
      parseAllDocuments(readFileSync(join(ROOT, 'deploy', 'k8s', f), 'utf8')).map((d) => d.toJSON()),
    );
    const config = docs.find((d) => d.kind === 'ConfigMap').data;
    expect(config.METRICS_PORT).toBe('9100');
    const deployments = docs.filter((d) => d.kind === 'Deployment');
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual([...METRICS_SERVICES].sort());
    for (const d of deployments) {
      expect(d.spec.template.metadata.annotations, d.metadata.name).toEqual({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': config.METRICS_PORT,
        'prometheus.io/path': '/metrics',
      });
      const [container] = d.spec.template.spec.containers;
      expect(container.ports, d.metadata.name).toContainEqual({ name: 'metrics', containerPort: 9100 });
      expect(container.envFrom, d.metadata.name).toContainEqual({ secretRef: { name: 'voucher-metrics' } });
    }
    // without the Operator: pods kept by the annotation, scraped on the annotated port and path
    const [job] = parse(read('prometheus-k8s.yml')).scrape_configs;
    expect(job.kubernetes_sd_configs).toEqual([{ role: 'pod', namespaces: { names: ['voucher'] } }]);
    expect(job.relabel_configs.map((r: { source_labels: string[] }) => r.source_labels.at(-1))).toEqual(
      expect.arrayContaining([
        '__meta_kubernetes_pod_annotation_prometheus_io_scrape',
        '__meta_kubernetes_pod_annotation_prometheus_io_path',
        '__meta_kubernetes_pod_annotation_prometheus_io_port',
      ]),
    );
    const monitor = parse(read('k8s/podmonitor.yaml'));
    expect(monitor.kind).toBe('PodMonitor');
    expect(monitor.spec.selector.matchExpressions[0].values.sort()).toEqual([...METRICS_SERVICES].sort());
    expect(monitor.spec.podMetricsEndpoints[0]).toMatchObject({
      port: 'metrics',
      path: '/metrics',
      authorization: { type: 'Bearer', credentials: { name: 'voucher-metrics', key: 'METRICS_TOKEN' } },
    });
  });

  it('has a provisionable dashboard: every panel reads the Prometheus of the variable DS_PROMETHEUS', () => {
    expect(dashboard.templating.list.find((v) => v.name === 'DS_PROMETHEUS')).toMatchObject({
      type: 'datasource',
      query: 'prometheus',
    });
    expect(queryPanels.length).toBeGreaterThanOrEqual(15);
    for (const panel of queryPanels) {
      expect(panel.datasource?.uid, panel.title).toBe('${DS_PROMETHEUS}');
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
    }
  });
});

describe('a real Prometheus scraping the running platform with deploy/observability’s configuration', () => {
  let platform: JourneyPlatform;
  let prometheus: ChildProcess | undefined;
  let prometheusUrl: string;
  let scratch: string;

  async function query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
    const res = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await res.json()) as { status: string; error?: string; data: { result: never[] } };
    if (body.status !== 'success') throw new Error(`${expr}: ${body.error}`);
    return body.data.result;
  }

  /** Retries `check` until it passes: Prometheus scrapes and evaluates every second. */
  async function eventually(check: () => Promise<void>, timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await check();
      } catch (err) {
        if (Date.now() > until) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  beforeAll(async () => {
    const metricsPort = await freePortRange(METRICS_SERVICES.map((_, i) => i));
    const token = randomBytes(32).toString('hex');
    // with a token, as production runs them: a scrape without it would be refused (and `up` 0)
    platform = await journeyPlatform('observability', { METRICS_TOKEN: token }, { metricsPort });
    // a request through the gateway's API, with a bus command behind it
    expect((await platform.api('GET', '/auth/captcha')).status).toBe(200);

    scratch = await mkdtemp(join(tmpdir(), 'voucher-prometheus-'));
    writeFileSync(join(scratch, 'metrics-token'), token, { mode: 0o600 });
    // npm start's configuration, moved to this platform's ports and made quick
    const config = parse(read('prometheus.yml'));
    config.global.scrape_interval = '1s';
    config.global.evaluation_interval = '1s';
    config.rule_files = [join(dir, 'rules.yml')];
    const job = config.scrape_configs[0];
    job.authorization = { type: 'Bearer', credentials_file: join(scratch, 'metrics-token') };
    for (const target of job.static_configs as StaticConfig[]) {
      target.targets = target.targets.map((t) => `127.0.0.1:${metricsPort + Number(t.split(':')[1]) - PLAN_BASE}`);
    }
    writeFileSync(join(scratch, 'prometheus.yml'), stringify(config));

    const port = await freePort();
    prometheusUrl = `http://127.0.0.1:${port}`;
    const log = createWriteStream(join(scratch, 'prometheus.log'));
    prometheus = spawn(
      'prometheus',
      [
        `--config.file=${join(scratch, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(scratch, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prometheus.stdout!.pipe(log);
    prometheus.stderr!.pipe(log);
    await eventually(async () => {
      if (prometheus!.exitCode !== null)
        throw new Error(`prometheus exited: ${readFileSync(join(scratch, 'prometheus.log'))}`);
      expect((await fetch(`${prometheusUrl}/-/ready`)).status).toBe(200);
    });
  }, 180_000);

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      await new Promise((resolve) => prometheus!.once('exit', resolve).kill('SIGTERM'));
    }
    await platform?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  /** The rules Prometheus loaded, once each has been evaluated (health `unknown` until then). */
  async function evaluatedRules(): Promise<{ name: string; health: string }[]> {
    let rules: { name: string; health: string }[] = [];
    await eventually(async () => {
      const { data } = (await (await fetch(`${prometheusUrl}/api/v1/rules`)).json()) as {
        data: { groups: { rules: { name: string; health: string }[] }[] };
      };
      rules = data.groups.flatMap((g) => g.rules);
      expect(rules.length).toBeGreaterThan(0);
      expect(rules.filter((r) => r.health === 'unknown')).toEqual([]);
    });
    return rules;
  }

  it('loads every alert rule of rules.yml, and evaluates each without error', async () => {
    const rules = await evaluatedRules();
    expect(rules.map((r) => r.name).sort()).toEqual(alertNames().sort());
    expect(rules.filter((r) => r.health !== 'ok')).toEqual([]);
  });

  it('scrapes every process with the bearer token from a credentials file: up is 1 for each service', async () => {
    await eventually(async () => {
      const up = await query('up{job="voucher"}');
      expect(Object.fromEntries(up.map((s) => [s.metric.service, s.value[1]]))).toEqual(
        Object.fromEntries(METRICS_SERVICES.map((s) => [s, '1'])),
      );
    });
  });

  it('stores the bus, outbox, pool, event loop and HTTP series the rules and the dashboard read', async () => {
    const services = async (expr: string) =>
      (await query(`count by (service) (${expr})`)).map((s) => s.metric.service).sort();
    const all = [...METRICS_SERVICES].sort();
    await eventually(async () => {
      // every process has its pool, its outbox and its event loop
      for (const series of ['db_pool_connections', 'outbox_unpublished_rows', 'nodejs_eventloop_lag_seconds']) {
        expect(await services(series), series).toEqual(all);
      }
      // every service answered the gateway's readiness over the bus
      expect(await services('bus_command_duration_seconds_count')).toEqual(
        expect.arrayContaining(all.filter((s) => s !== 'gateway')),
      );
      // the durable consumers' state and dead letters, read from JetStream (the wallet hears the wins, ...)
      expect(await services('bus_consumer_messages{state="pending"}')).toEqual(
        expect.arrayContaining(['notifications', 'wallet']),
      );
      expect(await services('bus_dead_letters')).toEqual(expect.arrayContaining(['notifications', 'wallet']));
      const http = await query('http_request_duration_seconds_count{service="gateway",route=~".*/auth/captcha"}');
      expect(http.map((s) => [s.metric.method, s.metric.status])).toContainEqual(['GET', '200']);
    });
  });

  it('answers every query of the Grafana dashboard', async () => {
    // Grafana's own variables, as Grafana would put them in
    const asGrafana = (expr: string) => expr.replaceAll('$__rate_interval', '1m').replaceAll('$service', '.*');
    for (const panel of queryPanels) {
      for (const target of panel.targets!) {
        await expect(query(asGrafana(target.expr)), `${panel.title}: ${target.expr}`).resolves.toBeInstanceOf(Array);
      }
    }
  });

  it('fires no alert while the platform is healthy', async () => {
    await evaluatedRules();
    expect(await query('ALERTS{alertstate="firing"}')).toEqual([]);
  });
});
