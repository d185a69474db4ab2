import type { Kysely } from 'kysely';
import type { Bus } from '@voucher/bus';
import type { Logger } from '@voucher/kit';
import type { QualificationDb } from '../store/schema.ts';

export interface QualificationDeps {
  db: Kysely<QualificationDb>;
  bus: Bus;
  logger: Logger;
  timeZone: string;
}
