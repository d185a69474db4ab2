export const ROOT: string;
export const SERVICES: string[];
export interface RunningPlatform {
  gatewayUrl: string;
  coldStartMs: number;
  pids(): Record<string, number | undefined>;
  kill(name: string): Promise<void>;
  restart(name: string): Promise<void>;
  waitReady(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}
export function launchPlatform(options: {
  env: Record<string, string>;
  logDir?: string;
  readyTimeoutMs?: number;
}): Promise<RunningPlatform>;
