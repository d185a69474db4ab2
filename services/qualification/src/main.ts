import { defaultMigrationsDir, startService } from '@voucher/runtime';

// A shell until its issue lands: it starts, migrates its schema, answers
// svc.qualification.health and drains on shutdown like every service (issue 2 §3).
await startService({
  name: 'qualification',
  migrationsDir: defaultMigrationsDir(import.meta.url),
  register: async () => undefined,
});
