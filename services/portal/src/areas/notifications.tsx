import { lazy } from 'react';
import { enterpriseRoles, programmeRoles, providerRoles } from '../auth/guards.tsx';
import type { Area } from './area.ts';

const InboxPage = lazy(() => import('../pages/notifications/InboxPage.tsx').then((m) => ({ default: m.InboxPage })));
const PreferencesPage = lazy(() =>
  import('../pages/notifications/PreferencesPage.tsx').then((m) => ({ default: m.PreferencesPage })),
);

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
