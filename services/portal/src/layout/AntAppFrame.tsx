import type { ReactNode } from 'react';
import { App } from 'antd';

/**
 * Ant Design's App around the pages: the message, modal and notification hooks (`App.useApp()`) of every page
 * with a form or an action. Loaded with the first such page: the catalogue uses none, so the first page does not
 * carry them (issue 20 item 6).
 */
export default function AntAppFrame({ children }: { children: ReactNode }) {
  return <App>{children}</App>;
}
