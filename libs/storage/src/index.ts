export * from './blob-storage.ts';
export * from './keys.ts';
export * from './meter.ts';
export * from './local-disk.ts';
export * from './nats-object-store.ts';
export * from './s3.ts';
export * from './config.ts';
