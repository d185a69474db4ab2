export * from './isolation.ts';
export * from './bus-client.ts';
export * from './events.ts';
export * from './uploads-peer.ts';
export * from './nats-server.ts';
export * from './s3-server.ts';
export * from './smtp-server.ts';
export * from './otlp-receiver.ts';
