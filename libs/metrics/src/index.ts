export * from './process-metrics.ts';
export * from './metrics-server.ts';
