import { afterAll, beforeAll } from 'vitest';
import { Objm } from '@nats-io/obj';
import { Bus, loadBusKeys } from '@voucher/bus';
import { FILES_BUCKET } from '@voucher/contracts';
import { createLogger } from '@voucher/kit';
import { infra, isolate, type Isolation } from '@voucher/testing';
import { createStorage, type BlobStorage } from '../src/index.ts';
import { blobStorageContract } from './contract.ts';

let iso: Isolation;
let bus: Bus;
let storage: BlobStorage;
beforeAll(async () => {
  // the run's bucket is made by the operator, as its streams are (A10a)
  iso = await isolate('objstore');
  // the gateway's own credentials: its permissions name the files bucket (A7)
  bus = await Bus.connect({
    url: infra.natsUrl,
    prefix: iso.busPrefix,
    keys: loadBusKeys(infra.busKeysDir, 'gateway'),
    logger: createLogger('gateway', 'silent'),
  });
  storage = createStorage({ STORAGE_DRIVER: 'nats' }, { bus });
});
afterAll(async () => {
  await bus?.close();
  await iso?.dispose();
});

/** Chunks left in the bucket's stream that belong to no blob kept: orphans of failed puts. */
async function orphanChunks(kept: string[]): Promise<unknown[]> {
  const bucket = bus.naming.stream(FILES_BUCKET);
  const os = await new Objm(bus.nc).open(bucket);
  const owned = new Set<string>();
  for (const name of kept) {
    const info = await os.info(name);
    if (info && !info.deleted) owned.add(`$O.${bucket}.C.${info.nuid}`);
  }
  const state = await bus.jsm.streams.info(`OBJ_${bucket}`, { subjects_filter: `$O.${bucket}.C.>` });
  return Object.keys(state.state.subjects ?? {}).filter((subject) => !owned.has(subject));
}

blobStorageContract('nats (JetStream Object Store)', () => storage, orphanChunks);
