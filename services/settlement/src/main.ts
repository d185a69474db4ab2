import { defaultMigrationsDir, startService } from '@voucher/runtime';
import { settlementService } from './service.ts';

await startService(settlementService, { migrationsDir: defaultMigrationsDir(import.meta.url) });
