import { programmeRoles } from '../auth/guards.tsx';
import type { Area } from './area.ts';

/** The admin console (issue 10 §4): each reviewer role sees its part. */
export const adminArea: Area = {
  roles: programmeRoles,
  pages: [],
  menu: [],
};
