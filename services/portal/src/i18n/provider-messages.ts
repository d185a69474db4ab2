import { defineMessages } from './define-messages.ts';

/** The words of the provider pages. */
export const providerMessages = defineMessages(
  {
    providerArea: '服务商工作台',
  },
  {
    providerArea: 'Workbench',
  },
);
