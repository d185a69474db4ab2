import { defaultMigrationsDir, startService } from '@voucher/runtime';
import { lotteryService } from './service.ts';

await startService(lotteryService, { migrationsDir: defaultMigrationsDir(import.meta.url) });
