// The verify route's worker thread: takes publication documents as bytes, one
// at a time, and answers each with what libs/draw makes of it, so that reading
// and re-deriving a document of millions of ids never holds the gateway's
// event loop (issue 16).
import { randomUUID } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { verifyPublicationDocument } from '@voucher/draw';
import type { WorkerAnswer } from './messages.ts';

const WARM_UP_IDS = 5000;

function warmUpDocument(ids: number) {
  const id = () => randomUUID();
  return {
    batchId: id(),
    campaignId: id(),
    commitment: '0'.repeat(64),
    seed: '0'.repeat(64),
    beacon: '',
    eligibleHash: '0'.repeat(64),
    finalSeed: '0'.repeat(64),
    categories: [
      {
        code: 'WARM_UP',
        quota: ids,
        eligible: Array.from({ length: ids }, id),
        winners: Array.from({ length: ids }, () => ({ reservationId: id(), company: '' })),
      },
    ],
  };
}

const port = parentPort!;
const decoder = new TextDecoder();

port.on('message', (bytes: Uint8Array) => {
  const checked = verifyPublicationDocument(decoder.decode(bytes));
  const answer: WorkerAnswer =
    checked.outcome === 'verified'
      ? { outcome: 'verified', valid: checked.verification.valid, mismatches: checked.verification.mismatches }
      : { outcome: 'unreadable', fields: checked.fields };
  port.postMessage(answer);
});
// Warmed up on a made-up document first, so that the first real one runs
// compiled code too (it took twice as long as the next ones otherwise).
verifyPublicationDocument(JSON.stringify(warmUpDocument(WARM_UP_IDS)));
// booted: a document's time limit starts from here, not from the boot
port.postMessage('ready' satisfies WorkerAnswer);
