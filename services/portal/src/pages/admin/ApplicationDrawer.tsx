import { Drawer, Space, Tag, Typography } from 'antd';
import type { ApplicationView } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { ApplicationDetails } from './ApplicationDetails.tsx';
import { HistoryTimeline } from './HistoryTimeline.tsx';
import { ReasonDialog } from './ReasonDialog.tsx';
import { DecisionButtons, useReviewDecision } from './ReviewDecision.tsx';
import { applicationKindWords, applicationStateWords, undecidedStates } from './qualification-words.ts';

/** One application of the queue: its data and attachments, approve, or reject with the reason (QUA-8). */
export function ApplicationDrawer({
  application,
  onClose,
}: {
  application: ApplicationView | null;
  onClose: () => void;
}) {
  const { t } = useLanguage();
  const { decide, reject, reasonDialog } = useReviewDecision(
    ({ id, reason }: { id: string; reason?: string }) =>
      reason === undefined
        ? unwrap(client.POST('/api/v1/qualification/reviews/{id}/approve', { params: { path: { id } } }))
        : unwrap(
            client.POST('/api/v1/qualification/reviews/{id}/reject', { params: { path: { id } }, body: { reason } }),
          ),
    onClose,
  );
  const undecided = application !== null && undecidedStates.includes(application.state);
  return (
    <Drawer
      open={application !== null}
      onClose={onClose}
      size="large"
      title={application?.companyName}
      extra={application && <Tag>{t(applicationKindWords[application.kind])}</Tag>}
      footer={
        undecided && (
          <DecisionButtons
            approveText={t('adminApprove')}
            busy={decide.isPending && !reasonDialog.open}
            onApprove={() => decide.mutate({ id: application.id })}
            onReject={reject}
          />
        )
      }
    >
      {application && (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
          <Typography.Text>
            {t('adminState')}：<Tag>{t(applicationStateWords[application.state])}</Tag>
            {application.reason && <Typography.Text type="danger">{application.reason}</Typography.Text>}
          </Typography.Text>
          <ApplicationDetails application={application} />
          <HistoryTimeline
            steps={application.history.map((h) => ({
              at: h.at,
              action: h.action,
              role: h.actorRole,
              reason: h.reason,
            }))}
          />
        </Space>
      )}
      <ReasonDialog
        {...reasonDialog}
        title={t('adminRejectTitle')}
        onSubmit={(reason) => application && decide.mutate({ id: application.id, reason })}
      />
    </Drawer>
  );
}
