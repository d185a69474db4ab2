import { useState } from 'react';
import { App, Button, Drawer, Space, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApplicationView } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { ApplicationDetails } from './ApplicationDetails.tsx';
import { HistoryTimeline } from './HistoryTimeline.tsx';
import { ReasonDialog } from './ReasonDialog.tsx';
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
  const describe = useDescribeError();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [rejecting, setRejecting] = useState(false);
  const decide = useMutation({
    mutationFn: (decision: { id: string; reason?: string }) =>
      decision.reason === undefined
        ? unwrap(client.POST('/api/v1/qualification/reviews/{id}/approve', { params: { path: { id: decision.id } } }))
        : unwrap(
            client.POST('/api/v1/qualification/reviews/{id}/reject', {
              params: { path: { id: decision.id } },
              body: { reason: decision.reason },
            }),
          ),
    onSuccess: () => {
      message.success(t('adminDecisionSaved'));
      setRejecting(false);
      onClose();
      void queries.invalidateQueries({ queryKey: ['admin'] });
    },
    onError: (e) => message.error(describe(e)),
  });
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
          <Space>
            <Button
              type="primary"
              loading={decide.isPending && !rejecting}
              onClick={() => decide.mutate({ id: application.id })}
              data-testid="approve"
            >
              {t('adminApprove')}
            </Button>
            <Button danger onClick={() => setRejecting(true)} data-testid="reject">
              {t('adminReject')}
            </Button>
          </Space>
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
        open={rejecting}
        title={t('adminRejectTitle')}
        busy={decide.isPending}
        onCancel={() => setRejecting(false)}
        onSubmit={(reason) => application && decide.mutate({ id: application.id, reason })}
      />
    </Drawer>
  );
}
