export * from './algorithm.ts';
export * from './verify.ts';
