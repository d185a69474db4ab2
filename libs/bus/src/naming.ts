/**
 * Every subject and stream name passes through here, so a run's BUS_PREFIX
 * isolates it completely on a shared NATS server (ARCHITECTURE A10a). Durable
 * consumers need no prefix: their names are per stream, and the generated
 * NATS permissions name them exactly.
 */
export interface BusNaming {
  subject(name: string): string;
  stream(base: string): string;
}

export function busNaming(prefix: string): BusNaming {
  if (!/^[A-Za-z0-9_-]*$/.test(prefix)) throw new Error(`bad bus prefix: ${prefix}`);
  return {
    subject: (name) => (prefix ? `${prefix}.${name}` : name),
    stream: (base) => (prefix ? `${prefix}_${base}` : base),
  };
}

export const EVENTS_STREAM = 'EVENTS';
export const DEAD_LETTER_STREAM = 'DLQ';

/**
 * A poison message from consumer `name` of `service` is parked here
 * (ARCHITECTURE A5); a service may publish only under its own `dlq.<service>`.
 */
export const deadLetterSubject = (service: string, consumer: string) => `dlq.${service}.${consumer}`;

/** The subject prefix of an identity's reply inboxes; its NATS permissions let it alone subscribe there (A7). */
export const inboxPrefixOf = (identity: string) => `_INBOX_${identity}`;
