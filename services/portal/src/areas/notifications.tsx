import { enterpriseRoles, programmeRoles, providerRoles } from '../auth/guards.tsx';
import type { Area } from './area.ts';
import { lazyPage } from './lazy-page.tsx';

const InboxPage = lazyPage(() => import('../pages/notifications/InboxPage.tsx'), 'InboxPage');
const PreferencesPage = lazyPage(() => import('../pages/notifications/PreferencesPage.tsx'), 'PreferencesPage');

/**
 * Everyone's messages (issue 18 item 5): the inbox and the preferences, for every signed-in role. No menu entry:
 * the header's bell opens the inbox, and the inbox links to the preferences.
 */
export const notificationsArea: Area = {
  roles: [...enterpriseRoles, ...providerRoles, ...programmeRoles],
  pages: [
    { path: 'notifications', element: <InboxPage /> },
    { path: 'notifications/preferences', element: <PreferencesPage /> },
  ],
  menu: [],
};
