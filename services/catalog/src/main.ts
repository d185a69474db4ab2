import { defaultMigrationsDir, startService } from '@voucher/runtime';
import { catalogService } from './service.ts';

await startService(catalogService, { migrationsDir: defaultMigrationsDir(import.meta.url) });
