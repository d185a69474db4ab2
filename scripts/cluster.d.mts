export interface NatsCluster {
  /** the three nodes' client URLs, comma-separated, as NATS_URL takes them */
  url: string;
  keysDir: string;
  /** SIGKILL node `i` (0-based) */
  kill(i: number): Promise<void>;
  /** start node `i` again on its data and wait until it is healthy */
  restart(i: number): Promise<void>;
  waitHealthy(nodes?: number[], timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}
export function startNatsCluster(options: {
  dir: string;
  port: number;
  logDir: string;
  readyTimeoutMs?: number;
}): Promise<NatsCluster>;
export interface OwnRedis {
  url: string;
  /** SIGKILL it and start it again, empty */
  restart(): Promise<void>;
  stop(): Promise<void>;
}
export function startRedis(options: { port: number; logDir: string }): Promise<OwnRedis>;
export interface OwnPostgres {
  /** the server's `postgres` database, as TEST_DATABASE_ADMIN_URL takes it */
  adminUrl: string;
  /** SIGKILL it and start it again on its data */
  restart(): Promise<void>;
  stop(): Promise<void>;
}
export function startPostgres(options: { dir: string; port: number; logDir: string }): Promise<OwnPostgres>;
export interface LoadBalancer {
  url: string;
  stop(): Promise<void>;
}
export function startLoadBalancer(options: {
  dir: string;
  port: number;
  backends: string[];
  /** each backend's probe server (the gateway's HEALTH_PORT), in the same order */
  probes: string[];
  logDir: string;
}): Promise<LoadBalancer>;
