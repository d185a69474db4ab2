import { Timeline, Typography } from 'antd';
import { shanghaiDateTime } from '../../format/time.ts';

export interface HistoryStep {
  at: string;
  action: string;
  role: string | null;
  reason: string | null;
}

/** Who did what and when (DOMAIN §0: every state change is auditable), oldest first. */
export function HistoryTimeline({ steps }: { steps: HistoryStep[] }) {
  return (
    <div data-testid="history">
      <Timeline
        items={steps.map((s) => ({
          content: (
            <>
              <Typography.Text>{shanghaiDateTime(s.at)}</Typography.Text> {s.action}
              {s.role && <Typography.Text type="secondary"> · {s.role}</Typography.Text>}
              {s.reason && <div>{s.reason}</div>}
            </>
          ),
        }))}
      />
    </div>
  );
}
