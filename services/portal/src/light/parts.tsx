import type { ReactNode } from 'react';

/**
 * The few Ant Design parts the visitor's first page draws, as plain elements styled by `light.css` from the same
 * design tokens (issue 20 item 6): Ant Design, its style engine and its components arrive with any other page.
 */

/** Ant Design's Spin: four dots turning, announced as loading. */
export function Spinner({ label }: { label: string }) {
  return (
    <div className="lt-loading" role="status" aria-live="polite" aria-busy="true">
      <span className="lt-spin" aria-hidden="true">
        <i />
        <i />
        <i />
        <i />
      </span>
      <span className="lt-visually-hidden">{label}</span>
    </div>
  );
}

/** Ant Design's Empty with its default picture (`antd/es/empty/empty.js`, drawn in the default theme's colours). */
export function Empty({ description }: { description: string }) {
  return (
    <div className="lt-empty">
      <svg width="184" height="152" viewBox="0 0 184 152" aria-hidden="true">
        <g fill="none" fillRule="evenodd">
          <g transform="translate(24 31.7)">
            <ellipse fillOpacity=".8" fill="#f0f0f0" cx="67.8" cy="106.9" rx="67.8" ry="12.7" />
            <path fill="#bfbfbf" d="M122 69.7 98.1 40.2a6 6 0 0 0-4.6-2.2H42.1a6 6 0 0 0-4.6 2.2l-24 29.5V85H122z" />
            <path fill="#f5f5f5" d="M33.8 0h68a4 4 0 0 1 4 4v93.3a4 4 0 0 1-4 4h-68a4 4 0 0 1-4-4V4a4 4 0 0 1 4-4" />
            <path
              fill="#d9d9d9"
              d="M42.7 10h50.2a2 2 0 0 1 2 2v25a2 2 0 0 1-2 2H42.7a2 2 0 0 1-2-2V12a2 2 0 0 1 2-2m.2 39.8h49.8a2.3 2.3 0 1 1 0 4.5H42.9a2.3 2.3 0 0 1 0-4.5m0 11.7h49.8a2.3 2.3 0 1 1 0 4.6H42.9a2.3 2.3 0 0 1 0-4.6m79 43.5a7 7 0 0 1-6.8 5.4H20.5a7 7 0 0 1-6.7-5.4l-.2-1.8V69.7h26.3c2.9 0 5.2 2.4 5.2 5.4s2.4 5.4 5.3 5.4h34.8c2.9 0 5.3-2.4 5.3-5.4s2.3-5.4 5.2-5.4H122v33.5q0 1-.2 1.8"
            />
          </g>
          <path
            fill="#d9d9d9"
            d="m149.1 33.3-6.8 2.6a1 1 0 0 1-1.3-1.2l2-6.2q-4.1-4.5-4.2-10.4c0-10 10.1-18.1 22.6-18.1S184 8.1 184 18.1s-10.1 18-22.6 18q-6.8 0-12.3-2.8"
          />
          <g fill="#fff" transform="translate(149.7 15.4)">
            <circle cx="20.7" cy="3.2" r="2.8" />
            <path d="M5.7 5.6H0L2.9.7zM9.3.7h5v5h-5z" />
          </g>
        </g>
      </svg>
      <p>{description}</p>
    </div>
  );
}

/** Ant Design's Tag, plain or in its red preset. */
export function Tag({ red = false, children }: { red?: boolean; children: ReactNode }) {
  return <span className={red ? 'lt-tag lt-tag-red' : 'lt-tag'}>{children}</span>;
}

/** The pages to offer around the current one: all of up to 7, else the first, the last and two either side. */
export function pageNumbers(current: number, count: number): (number | 'gap')[] {
  if (count <= 7) return Array.from({ length: count }, (_, i) => i + 1);
  const from = Math.max(2, Math.min(current - 2, count - 5));
  const to = Math.min(count - 1, Math.max(current + 2, 6));
  const middle = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  return [1, ...(from > 2 ? ['gap' as const] : []), ...middle, ...(to < count - 1 ? ['gap' as const] : []), count];
}

const arrow = (d: string) => (
  <svg viewBox="64 64 896 896" fill="currentColor" aria-hidden="true">
    <path d={d} />
  </svg>
);
// Ant Design's LeftOutlined and RightOutlined
const LEFT =
  'M724 218.3V141c0-6.7-7.7-10.4-12.9-6.3L260.3 486.8a31.86 31.86 0 000 50.3l450.8 352.1c5.3 4.1 12.9.4 12.9-6.3v-77.3c0-4.9-2.3-9.6-6.1-12.6l-360-281 360-281.1c3.8-3 6.1-7.7 6.1-12.6z';
const RIGHT =
  'M765.7 486.8L314.9 134.7A7.97 7.97 0 00302 141v77.3c0 4.9 2.3 9.6 6.1 12.6l360 281.1-360 281.1c-3.9 3-6.1 7.7-6.1 12.6V883c0 6.7 7.7 10.4 12.9 6.3l450.8-352.1a31.96 31.96 0 000-50.4z';

/** The previous or next page's button, an arrow named for screen readers. */
function PageStep({
  label,
  disabled,
  onStep,
  children,
}: {
  label: string;
  disabled: boolean;
  onStep: () => void;
  children: ReactNode;
}) {
  return (
    <li>
      <button type="button" className="lt-page" aria-label={label} title={label} disabled={disabled} onClick={onStep}>
        {children}
      </button>
    </li>
  );
}

/** Ant Design's Pagination as a List shows it (hidden on a single page): previous, the pages, next. */
export function Pagination({
  current,
  total,
  pageSize,
  onChange,
  labels,
}: {
  current: number;
  total: number;
  pageSize: number;
  onChange: (page: number) => void;
  labels: { pages: string; previous: string; next: string };
}) {
  const count = Math.ceil(total / pageSize);
  if (count <= 1) return null;
  return (
    <nav className="lt-pagination" aria-label={labels.pages}>
      <ul>
        <PageStep label={labels.previous} disabled={current <= 1} onStep={() => onChange(current - 1)}>
          {arrow(LEFT)}
        </PageStep>
        {pageNumbers(current, count).map((n, i) =>
          n === 'gap' ? (
            <li key={`gap${i}`} className="lt-page-gap" aria-hidden="true">
              •••
            </li>
          ) : (
            <li key={n}>
              <button
                type="button"
                className="lt-page"
                aria-current={n === current ? 'page' : undefined}
                title={String(n)}
                onClick={() => n !== current && onChange(n)}
              >
                {n}
              </button>
            </li>
          ),
        )}
        <PageStep label={labels.next} disabled={current >= count} onStep={() => onChange(current + 1)}>
          {arrow(RIGHT)}
        </PageStep>
      </ul>
    </nav>
  );
}
