import { z } from 'zod';
import { defineCommand } from './define.ts';
import type { ServiceName } from './services.ts';

export const healthReplySchema = z.object({
  service: z.string(),
  status: z.enum(['ok', 'degraded']),
  checks: z.record(z.string(), z.enum(['ok', 'failed'])),
  uptimeSeconds: z.number(),
  version: z.string(),
});
export type HealthReply = z.infer<typeof healthReplySchema>;

/** `svc.<name>.health`, answered by every service (issue 2 §3). */
export function healthCommand(service: ServiceName) {
  return defineCommand(`svc.${service}.health`, z.object({}), healthReplySchema);
}
