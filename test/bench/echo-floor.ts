// The bare floor of an authenticated gateway call (ARCHITECTURE A10): a Fastify
// POST route that only does one NATS request to an echo responder.
import Fastify from 'fastify';
import { z } from 'zod';
import { Bus } from '@voucher/bus';
import { defineCommand } from '@voucher/contracts';
import { createLogger } from '@voucher/kit';

const echo = defineCommand('svc.benchfloor.echo', z.object({}).passthrough(), z.object({}).passthrough());
const logger = createLogger('bench-floor', 'silent');
const prefix = process.env.BUS_PREFIX ?? '';
const responder = await Bus.connect({ url: process.env.NATS_URL!, prefix, service: 'benchfloor', logger });
responder.handle(echo, async (req) => req);
const client = await Bus.connect({ url: process.env.NATS_URL!, prefix, service: 'benchclient', logger });
const app = Fastify();
app.post('/echo', async (request) =>
  client.request(echo, (request.body ?? {}) as Record<string, unknown>, { requestId: 'bench' }),
);
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
process.stdout.write('ready\n');
process.on('SIGTERM', async () => {
  await app.close();
  await client.close();
  await responder.close();
  process.exit(0);
});
