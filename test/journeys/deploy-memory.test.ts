// Issue 20 item 8: every deployment runs each service under the heap ceiling its memory was measured
// with (the benchmarks start services through scripts/platform.mjs's heapCeilingMb), inside its
// container's limit with room for what is not heap.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { services } from '@voucher/contracts';
import { heapCeilingMb, serviceArgs } from '../../scripts/platform.mjs';

const root = resolve(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
/** what is not heap: code, buffers, sockets, native memory, the young generation */
const BESIDE_HEAP_MB = 256;
const ceilingIn = (nodeOptions: string | undefined) =>
  Number(/--max-old-space-size=(\d+)/.exec(nodeOptions ?? '')?.[1]);
const mebibytes = (limit: string) => Number(/^(\d+)(Mi|m)$/.exec(limit)![1]);
const imageOptions = /NODE_OPTIONS=(\S+)/.exec(read('Dockerfile'))![1];

describe('issue 20 item 8: each service runs under the heap ceiling its memory was measured with', () => {
  it('gives the image the services’ ceiling, and starts local and benchmarked processes with each one’s', () => {
    expect(ceilingIn(imageOptions)).toBe(heapCeilingMb('lottery'));
    for (const service of services) {
      expect(serviceArgs(service), service).toContain(`--max-old-space-size=${heapCeilingMb(service)}`);
    }
  });

  it('sets each Kubernetes container’s ceiling where its limit leaves room beside the heap', () => {
    const deployments = parseAllDocuments(read('deploy/k8s/services.yaml'))
      .map((d) => d.toJSON())
      .filter((d) => d.kind === 'Deployment');
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual([...services].sort());
    for (const d of deployments) {
      const name = d.metadata.name;
      const [container] = d.spec.template.spec.containers;
      const own = container.env?.find((e: { name: string }) => e.name === 'NODE_OPTIONS')?.value;
      expect(ceilingIn(own ?? imageOptions), name).toBe(heapCeilingMb(name));
      expect(mebibytes(container.resources.limits.memory) - heapCeilingMb(name), name).toBeGreaterThanOrEqual(
        BESIDE_HEAP_MB,
      );
    }
  });

  it('sets each docker compose service’s ceiling where its mem_limit leaves room beside the heap', () => {
    // the services take the mem_limit of `x-service` through YAML's merge key
    const compose = parse(read('docker-compose.yml'), { merge: true });
    for (const service of services) {
      const s = compose.services[service];
      expect(ceilingIn(s.environment?.NODE_OPTIONS ?? imageOptions), service).toBe(heapCeilingMb(service));
      expect(mebibytes(s.mem_limit) - heapCeilingMb(service), service).toBeGreaterThanOrEqual(BESIDE_HEAP_MB);
    }
  });
});
