export * from './node.ts';
export * from './document.ts';
export { IDS_LISTED } from './lot6.ts';
export type { Lot6Hashes, Verification } from './lot6.ts';
