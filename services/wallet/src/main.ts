import { defaultMigrationsDir, startService } from '@voucher/runtime';
import { walletService } from './service.ts';

await startService(walletService, { migrationsDir: defaultMigrationsDir(import.meta.url) });
