import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { ServiceDefinition } from '@voucher/runtime';
import type { QualificationDb } from './store/schema.ts';
import type { QualificationDeps } from './handlers/deps.ts';
import { registerCertificationHandlers } from './handlers/certification.ts';
import { registerVoucherQualificationHandlers } from './handlers/voucher-qualification.ts';
import { registerReviewHandlers } from './handlers/reviews.ts';
import { registerProgrammeHandlers } from './handlers/programme.ts';
import { startProjections } from './handlers/projections.ts';

const qualificationConfig = {
  PROGRAMME_TIME_ZONE: z.string().default('Asia/Shanghai'),
};

export const qualificationService: ServiceDefinition<typeof qualificationConfig> = {
  name: 'qualification',
  config: qualificationConfig,
  async register({ bus, db, logger, config }) {
    const deps: QualificationDeps = {
      db: db as Kysely<QualificationDb>,
      bus,
      logger,
      timeZone: config.PROGRAMME_TIME_ZONE,
    };
    registerCertificationHandlers(bus, deps);
    registerVoucherQualificationHandlers(bus, deps);
    registerReviewHandlers(bus, deps);
    registerProgrammeHandlers(bus, deps);
    return { consumers: await startProjections(deps) };
  },
};
