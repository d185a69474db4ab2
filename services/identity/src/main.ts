import { defaultMigrationsDir, startService } from '@voucher/runtime';
import { identityService } from './service.ts';

await startService(identityService, { migrationsDir: defaultMigrationsDir(import.meta.url) });
