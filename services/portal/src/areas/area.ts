import type { ReactNode } from 'react';
import type { Role, StaffPermission } from '@voucher/contracts';
import type { MessageKey } from '../i18n/messages.ts';

/** A page of an area at its path, for the area's roles unless it narrows them. */
interface AreaPage {
  path: string;
  element: ReactNode;
  roles?: readonly Role[];
}

/** A menu entry: a page's path, or a group of entries. */
export interface AreaMenuEntry {
  label: MessageKey;
  path?: string;
  roles?: readonly Role[];
  /** shown to staff only when granted (ID-8) */
  permission?: StaffPermission;
  children?: AreaMenuEntry[];
}

/**
 * One audience's part of the portal (enterprise, provider, programme staff):
 * its pages and menu, declared in one place so the router and the header
 * read them alike.
 */
export interface Area {
  roles: readonly Role[];
  pages: AreaPage[];
  menu: AreaMenuEntry[];
}
