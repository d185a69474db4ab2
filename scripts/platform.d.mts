export const ROOT: string;
export const SERVICES: string[];
/** the metrics' port plan: each service's place, from a base port */
export const METRICS_SERVICES: string[];
/** where replica `replica` (0 by default) of a service serves its metrics, from the base port */
export function metricsPortOf(base: number, name: string, replica?: number): number;
/** a service's heap ceiling in MB, as the deployments set it (the Dockerfile's NODE_OPTIONS; the gateway's own) */
export function heapCeilingMb(name: string): number;
/** `node`'s arguments for a process of a service: its heap ceiling unless SERVICE_NODE_ARGS sets one, those flags, its dist/main.js */
export function serviceArgs(name: string): string[];
export interface RunningPlatform {
  /** the first gateway */
  gatewayUrl: string;
  /** every gateway replica */
  gatewayUrls: string[];
  /** each gateway's probe server (its own readiness: NATS, PostgreSQL, Redis), when gatewayProbePort was given */
  gatewayProbeUrls: string[];
  coldStartMs: number;
  pids(): Record<string, number | undefined>;
  /** SIGKILL replica `replica` (0 by default) of a service */
  kill(name: string, replica?: number): Promise<void>;
  restart(name: string, replica?: number): Promise<void>;
  waitReady(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}
export function launchPlatform(options: {
  env: Record<string, string>;
  logDir?: string;
  readyTimeoutMs?: number;
  /** processes per service (1 by default); the gateways listen on GATEWAY_PORT, GATEWAY_PORT + 1, … */
  replicas?: number;
  /** the gateways' probe servers (HEALTH_PORT) on this port, this port + 1, …; none by default */
  gatewayProbePort?: number;
  /** every process's metrics (METRICS_PORT) on its port of the plan from this base; none by default */
  metricsPort?: number;
}): Promise<RunningPlatform>;
