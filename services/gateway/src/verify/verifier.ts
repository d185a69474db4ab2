import { Worker } from 'node:worker_threads';
import { AppError, validationFailed } from '@voucher/contracts';
import type { Logger } from '@voucher/kit';
import type { WorkerAnswer } from './messages.ts';

export interface Verdict {
  valid: boolean;
  mismatches: string[];
}

export interface VerifierOptions {
  /** how long one document may take in the worker before the worker is stopped and the request answered 504 */
  timeLimitMs: number;
  /** the worker's heap: a document that needs more is answered 413 */
  heapMb: number;
  /** documents taken at once (one verifying, the others arriving or waiting); more are answered 429 */
  admitted: number;
  /** how long the worker is kept after the last document left */
  idleMs: number;
  logger: Logger;
}

/**
 * The built gateway runs the worker's bundle beside dist/main.js; run from
 * source (tests, `npm run dev`), the TypeScript file through tsx.
 */
const workerEntry = import.meta.url.endsWith('.ts')
  ? new URL('./worker-from-source.mjs', import.meta.url)
  : new URL('./verify-worker.js', import.meta.url);

const RETRY_AFTER_SECONDS = 5;

/** A worker and the moment it has booted. */
interface Booting {
  worker: Worker;
  ready: Promise<void>;
}

/**
 * Verifies publication documents (LOT-6) in one worker thread, one document
 * at a time, so the public verify route never holds the event loop (issue 16:
 * a 3.7 MB document once held it 47 s). Each document has a time limit and
 * the worker a bounded heap; a worker that overruns either is stopped and
 * replaced. The worker boots when a document is admitted (while its body
 * arrives) and is kept `idleMs` after the last one leaves: a burst boots it
 * once, and an idle gateway holds none (a booted worker is 30-45 MB of RSS;
 * ARCHITECTURE A10's idle budget is 120 MB).
 */
export class PublicationVerifier {
  private current: Booting | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private inside = 0;
  private closed = false;
  private retirement: NodeJS.Timeout | undefined;

  constructor(private readonly options: VerifierOptions) {}

  /** Whether a worker is up (booting or booted). */
  get hasWorker(): boolean {
    return this.current !== undefined;
  }

  /** Boots the worker ahead of a document. */
  start(): void {
    if (!this.closed) this.current ??= this.spawn();
  }

  /**
   * A place for one document from its first byte to its answer, or a 429 when
   * every place is taken: bodies of up to 49 MiB are not read in unbounded
   * numbers. The returned release may be called more than once.
   */
  admit(): () => void {
    if (this.inside >= this.options.admitted) {
      throw new AppError('RATE_LIMITED', 'other documents are being verified; try again shortly', {
        retryAfterSeconds: RETRY_AFTER_SECONDS,
      });
    }
    this.inside++;
    clearTimeout(this.retirement);
    this.start();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inside--;
      this.retireWhenIdle();
    };
  }

  /** The verdict on one document's bytes: 400 when it is not a publication, 504 past the time limit, 413 past the heap. */
  verify(bytes: Buffer): Promise<Verdict> {
    const run = this.queue.then(() => this.run(bytes));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retirement);
    const worker = this.current?.worker;
    this.current = undefined;
    await worker?.terminate();
  }

  private spawn(): Booting {
    const worker = new Worker(workerEntry, { resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb } });
    // the gateway's life does not wait on an idle worker
    worker.unref();
    worker.on('error', (err) => this.options.logger.warn({ err }, 'verify worker failed'));
    worker.on('exit', () => {
      if (this.current?.worker === worker) this.current = undefined;
    });
    const ready = new Promise<void>((resolve, reject) => {
      const onMessage = (message: WorkerAnswer) => {
        if (message !== 'ready') return;
        worker.off('exit', onExit);
        worker.off('message', onMessage);
        resolve();
      };
      const onExit = (code: number) => {
        worker.off('message', onMessage);
        reject(new Error(`the verify worker exited (${code}) before it booted`));
      };
      worker.on('message', onMessage);
      worker.once('exit', onExit);
    });
    // awaited by the first document; an idle worker that failed to boot is simply replaced then
    ready.catch(() => undefined);
    return { worker, ready };
  }

  /** Stops the worker `idleMs` after the last document left, unless another came. */
  private retireWhenIdle(): void {
    clearTimeout(this.retirement);
    if (this.inside > 0) return;
    this.retirement = setTimeout(() => {
      if (this.inside > 0 || !this.current) return;
      const { worker } = this.current;
      this.current = undefined;
      void worker.terminate();
    }, this.options.idleMs);
    this.retirement.unref();
  }

  /** Stops a worker that overran or failed, and boots the next one at once. */
  private replace(worker: Worker): void {
    if (this.current?.worker === worker) this.current = undefined;
    void worker.terminate();
    this.start();
  }

  private async run(bytes: Buffer): Promise<Verdict> {
    if (this.closed) throw new AppError('UNAVAILABLE', 'the gateway is stopping');
    const { worker, ready } = (this.current ??= this.spawn());
    try {
      await ready;
    } catch (err) {
      this.replace(worker);
      throw err;
    }
    const { timeLimitMs } = this.options;
    return new Promise<Verdict>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (answer: WorkerAnswer) => {
        if (answer === 'ready') return;
        settle();
        if (answer.outcome === 'verified') resolve({ valid: answer.valid, mismatches: answer.mismatches });
        else reject(validationFailed(answer.fields));
      };
      const onError = (err: Error & { code?: string }) => {
        settle();
        this.replace(worker);
        reject(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new AppError('FILE_TOO_LARGE', 'the document is too large to verify here; use npm run verify-draw')
            : err,
        );
      };
      const onExit = (code: number) => {
        settle();
        this.replace(worker);
        reject(new Error(`the verify worker exited (${code})`));
      };
      const timer = setTimeout(() => {
        settle();
        this.replace(worker);
        reject(new AppError('TIMEOUT', `the document took longer than ${timeLimitMs} ms to verify`, { timeLimitMs }));
      }, timeLimitMs);
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      // a body with memory of its own moves to the worker without a copy; a slice of a shared pool is copied
      const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
      worker.postMessage(bytes, own ? [bytes.buffer as ArrayBuffer] : []);
    });
  }
}
