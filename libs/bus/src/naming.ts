/**
 * Every subject, stream and durable name passes through here, so a run's
 * BUS_PREFIX isolates it completely on a shared NATS server (ARCHITECTURE A10a).
 */
export interface BusNaming {
  subject(name: string): string;
  stream(base: string): string;
  durable(name: string): string;
}

export function busNaming(prefix: string): BusNaming {
  if (!/^[A-Za-z0-9_-]*$/.test(prefix)) throw new Error(`bad bus prefix: ${prefix}`);
  return {
    subject: (name) => (prefix ? `${prefix}.${name}` : name),
    stream: (base) => (prefix ? `${prefix}_${base}` : base),
    durable: (name) => (prefix ? `${prefix}_${name}` : name),
  };
}

export const EVENTS_STREAM = 'EVENTS';
export const DEAD_LETTER_STREAM = 'DLQ';

/** A poison message from consumer `name` is parked here (ARCHITECTURE A5). */
export const deadLetterSubject = (consumer: string) => `dlq.${consumer}`;
