import { defaultMigrationsDir, startService } from '@voucher/runtime';
import { qualificationService } from './service.ts';

await startService(qualificationService, { migrationsDir: defaultMigrationsDir(import.meta.url) });
