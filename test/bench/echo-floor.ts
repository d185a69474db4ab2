// The bare floor of an authenticated gateway call (ARCHITECTURE A10): a Fastify
// POST route that only does one NATS request to an echo responder.
import Fastify from 'fastify';
import { z } from 'zod';
import { BENCH_IDENTITY, Bus, busKeysDir, loadBusKeys } from '@voucher/bus';
import { defineCommand } from '@voucher/contracts';
import { createLogger } from '@voucher/kit';

// the development bus's benchmark identity; the request carries a sender assertion as every request does (A7)
const echo = defineCommand('svc.bench.echo', z.object({}).passthrough(), z.object({}).passthrough(), {
  from: [BENCH_IDENTITY as never],
});
const logger = createLogger('bench-floor', 'silent');
const connection = {
  url: process.env.NATS_URL!,
  prefix: process.env.BUS_PREFIX ?? '',
  keys: loadBusKeys(busKeysDir(process.env.BUS_KEYS_DIR), BENCH_IDENTITY),
  logger,
};
const responder = await Bus.connect(connection);
responder.handle(echo, async (req) => req);
const client = await Bus.connect(connection);
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
