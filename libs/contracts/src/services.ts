/** The platform's processes: each one service, one schema, one bus identity (ARCHITECTURE A3, A7). */
export const services = [
  'gateway',
  'identity',
  'qualification',
  'lottery',
  'wallet',
  'catalog',
  'orders',
  'settlement',
  'scheduler',
  'notifications',
] as const;
export type ServiceName = (typeof services)[number];

/**
 * The processes that keep files (uploads, publications, exports, settlement
 * forms): with `STORAGE_DRIVER=nats` only they may use the bus's files bucket (A7, A8).
 */
export const fileKeepers = ['gateway', 'lottery', 'settlement'] as const satisfies readonly ServiceName[];

/** The bus's files bucket, under a run's prefix (A10a) as the streams are. */
export const FILES_BUCKET = 'FILES';
