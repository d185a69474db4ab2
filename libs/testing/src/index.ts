export * from './isolation.ts';
export * from './bus-client.ts';
