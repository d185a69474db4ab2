import { defaultMigrationsDir, startService } from '@voucher/runtime';
import { gatewayService } from './service.ts';

await startService(gatewayService, { migrationsDir: defaultMigrationsDir(import.meta.url) });
