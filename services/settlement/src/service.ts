import { z } from 'zod';
import { createStorage, storageConfig } from '@voucher/storage';
import type { ServiceDefinition } from '@voucher/runtime';
import { registerApplications } from './handlers/applications.ts';
import { registerBankAccounts } from './handlers/bank-accounts.ts';
import { registerForms } from './handlers/forms.ts';
import { registerAnnouncements } from './handlers/announcements.ts';
import { registerFileAccess } from './handlers/file-access.ts';
import { registerStatistics, startEvaluationProjection } from './handlers/statistics.ts';
import { startProjections } from './handlers/projections.ts';

const settlementConfig = {
  ...storageConfig,
  /** SET-4: the CJK font embedded in the forms' PDFs (the README's set-up installs fonts-wqy-zenhei) */
  SETTLEMENT_CJK_FONT: z.string().default('/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc'),
  /** its PostScript name, which a .ttc collection needs (a family name fails) */
  SETTLEMENT_CJK_FONT_NAME: z.string().default('WenQuanYiZenHei'),
};

export const settlementService: ServiceDefinition<typeof settlementConfig> = {
  name: 'settlement',
  config: settlementConfig,
  async register({ bus, db, logger, config }) {
    const deps = {
      bus,
      db,
      logger,
      storage: createStorage(config, { bus }),
      font: { path: config.SETTLEMENT_CJK_FONT, postscriptName: config.SETTLEMENT_CJK_FONT_NAME },
    };
    registerBankAccounts(bus, deps);
    registerApplications(bus, deps);
    registerForms(bus, deps);
    registerAnnouncements(bus, deps);
    registerFileAccess(bus, deps);
    registerStatistics(bus, deps);
    return { consumers: [...(await startProjections(bus, deps)), await startEvaluationProjection(bus, deps)] };
  },
};
