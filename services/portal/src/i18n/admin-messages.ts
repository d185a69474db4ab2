import { defineMessages } from './define-messages.ts';

/** The words of the admin pages. */
export const adminMessages = defineMessages(
  {
    adminArea: '管理后台',
  },
  {
    adminArea: 'Administration',
  },
);
