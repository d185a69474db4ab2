import { adminArea } from './admin.tsx';
import { enterpriseArea } from './enterprise.tsx';
import { notificationsArea } from './notifications.tsx';
import { providerArea } from './provider.tsx';

export const areas = [enterpriseArea, providerArea, adminArea, notificationsArea];
export type { AreaMenuEntry } from './area.ts';
