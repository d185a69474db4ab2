import { defaultMigrationsDir, startService } from '@voucher/runtime';

// A shell until its issue lands: it starts, migrates its schema, answers
// svc.scheduler.health and drains on shutdown like every service (issue 2 §3).
await startService({
  name: 'scheduler',
  migrationsDir: defaultMigrationsDir(import.meta.url),
  register: async () => undefined,
});
