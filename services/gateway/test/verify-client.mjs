// A client of POST /lottery/verify on a thread of its own (test/verify.test.ts):
// it builds its forged publication here, so that neither the building nor the
// garbage it leaves loads the gateway's thread, waits for `go`, posts it and
// reports the answer and how long it took.
/* global fetch */
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { forgedPublication } = await import('@voucher/draw/fixtures');
const { url, ids } = workerData;
const document = Buffer.from(JSON.stringify(forgedPublication(ids)));
parentPort.postMessage({ built: document.byteLength });
parentPort.once('message', async () => {
  const started = performance.now();
  const res = await fetch(`${url}/api/v1/lottery/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: document,
  });
  const body = await res.json();
  parentPort.postMessage({ status: res.status, body, took: performance.now() - started });
});
