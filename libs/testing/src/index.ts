export * from './isolation.ts';
