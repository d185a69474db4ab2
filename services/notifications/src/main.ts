import { defaultMigrationsDir, startService } from '@voucher/runtime';
import { notificationsService } from './service.ts';

await startService(notificationsService, { migrationsDir: defaultMigrationsDir(import.meta.url) });
