import type { ReactNode } from 'react';
import { Space, Typography } from 'antd';

/**
 * An area's page under its heading, with what the heading offers (a "new" button, a switch) at its right. The
 * workbench's headings are a size larger than the console's and the inbox's (`level` 3).
 */
export function TitledPage({
  title,
  actions,
  level = 4,
  children,
}: {
  title: ReactNode;
  actions?: ReactNode;
  level?: 3 | 4;
  children: ReactNode;
}) {
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={level} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {actions}
      </Space>
      {children}
    </Space>
  );
}
