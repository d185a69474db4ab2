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
] as const;
export type ServiceName = (typeof services)[number];
