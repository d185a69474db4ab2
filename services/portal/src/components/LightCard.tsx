import type { ReactNode } from 'react';

/**
 * Ant Design's bordered card with a title and an optional cover, for the catalogue's cards, drawn by
 * `light/light.css` from the same design tokens as its styles (`antd/es/card/style`): the catalogue is drawn
 * without Ant Design (issue 20 item 6).
 */
export function LightCard({
  title,
  cover,
  children,
  ...rest
}: {
  title: ReactNode;
  cover?: ReactNode;
  children: ReactNode;
  'data-testid'?: string;
}) {
  return (
    <div className="lt-card" data-testid={rest['data-testid']}>
      <div className="lt-card-head">
        <div className="lt-card-title">{title}</div>
      </div>
      {cover ? <div className="lt-card-cover">{cover}</div> : null}
      <div className="lt-card-body">{children}</div>
    </div>
  );
}
