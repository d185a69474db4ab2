import { defineMessages } from './define-messages.ts';

/** The words of the enterprise pages. */
export const enterpriseMessages = defineMessages(
  {
    enterpriseArea: '企业中心',
  },
  {
    enterpriseArea: 'Enterprise',
  },
);
