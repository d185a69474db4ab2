import { defaultMigrationsDir, startService } from '@voucher/runtime';
import { schedulerService } from './service.ts';

await startService(schedulerService, { migrationsDir: defaultMigrationsDir(import.meta.url) });
