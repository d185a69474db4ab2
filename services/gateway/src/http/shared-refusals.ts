import { AppError, type ErrorCode } from '@voucher/contracts';

/**
 * A refusal its service gives every caller alike for a while, which the
 * gateway may answer again itself: a first-come category that sold out
 * (LOT-9) refuses each of the thousands of claims that follow, and asking
 * the service each time costs the bus, the service and Redis for an answer
 * known in advance (A10). Only refusals about a public fact qualify: the
 * answer must not depend on who asks.
 */
export interface SharedRefusal<I> {
  /** the refusals that hold for everyone; any other answer is the service's alone */
  codes: readonly ErrorCode[];
  /** what the refusal is about: requests of one key get one answer */
  key(input: I): string;
  /** how long the gateway answers it without asking: the most a refusal may lag behind a change */
  forMs: number;
}

/** the most keys a route remembers: refusals only ever come from the service, so this is a bound, not a budget */
const MOST_KEYS = 10_000;

/** One route's remembered refusals, by key, each until its time runs out. */
export class RefusalMemory<I> {
  private readonly held = new Map<string, { error: AppError; until: number }>();

  constructor(
    private readonly shared: SharedRefusal<I>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The refusal remembered for this request's key, as a new error (each answer names its own request), or none. */
  recall(input: I): AppError | undefined {
    const key = this.shared.key(input);
    const entry = this.held.get(key);
    if (!entry) return undefined;
    if (entry.until <= this.now()) {
      this.held.delete(key);
      return undefined;
    }
    return new AppError(entry.error.code, entry.error.message, entry.error.details);
  }

  /** Keeps the service's answer `err` for this request's key when it is one of the shared refusals. */
  learn(input: I, err: unknown): void {
    if (!(err instanceof AppError) || !this.shared.codes.includes(err.code)) return;
    const key = this.shared.key(input);
    if (this.held.size >= MOST_KEYS && !this.held.has(key)) this.held.delete(this.held.keys().next().value!);
    this.held.set(key, { error: err, until: this.now() + this.shared.forMs });
  }
}
