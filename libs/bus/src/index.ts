export * from './bus.ts';
export * from './headers.ts';
export * from './naming.ts';
export * from './outbox.ts';
export * from './outbox-relay.ts';
export * from './consumer.ts';
export * from './caller-guard.ts';
export * from './attachments.ts';
