export * from './node.ts';
export type { Lot6Hashes, Verification } from './lot6.ts';
