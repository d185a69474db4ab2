import { defaultMigrationsDir, startService } from '@voucher/runtime';
import { ordersService } from './service.ts';

await startService(ordersService, { migrationsDir: defaultMigrationsDir(import.meta.url) });
