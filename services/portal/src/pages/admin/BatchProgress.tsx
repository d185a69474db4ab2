import { useEffect, useId, useRef, useState } from 'react';
import { Progress, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { BatchWork, BatchWorkPhase, CampaignView } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { useLanguage } from '../../i18n/language.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { isUnderWay, shownProgress, type OwnWork, type ShownProgress } from './batch-progress.ts';

type Batch = CampaignView['batches'][number];

/** The lottery tells a phase as it enters it: twice a second follows a draw of seconds closely enough. */
const POLL_MS = 500;
/** How long a finished bar stays at 100 % after the approver's own work answered, so that it is seen. */
const DONE_SHOWN_MS = 3000;

const workWords: Record<BatchWork, MessageKey> = { draw: 'adminDrawProgress', publish: 'adminPublishProgress' };
const phaseWords: Record<BatchWorkPhase | 'done', MessageKey> = {
  eligible: 'adminPhaseEligible',
  ranking: 'adminPhaseRanking',
  recording: 'adminPhaseRecording',
  announcing: 'adminPhaseAnnouncing',
  document: 'adminPhaseDocument',
  results: 'adminPhaseResults',
  done: 'adminPhaseDone',
};

/**
 * Where a batch's draw or publication stands (issue 19): the approver's own,
 * run through `during`, from its click to its answer; otherwise one read when
 * the batch is shown, followed while a work the scheduler started runs, and
 * `onEnded` (the page's data read again) once it stops. Nothing is read again
 * while nothing runs. A failed read shows no progress and leaves the page as
 * it is: the work's own answer is what counts.
 */
export function useBatchProgress(batch: Batch, onEnded: () => void) {
  const [own, setOwn] = useState<OwnWork | null>(null);
  const progress = useQuery({
    queryKey: ['admin', 'batch-progress', batch.id],
    queryFn: () => unwrap(client.GET('/api/v1/lottery/batches/{id}/progress', { params: { path: { id: batch.id } } })),
    // a published batch has no work left to run
    enabled: batch.state !== 'published',
    refetchInterval: (query) =>
      (own && !own.done) || (query.state.status !== 'error' && isUnderWay(query.state.data, query.state.dataUpdatedAt))
        ? POLL_MS
        : false,
  });
  const shown = shownProgress({
    own,
    progress: progress.data,
    fetchedAt: progress.dataUpdatedAt,
    failed: progress.isError,
  });

  useEffect(() => {
    if (!own?.done) return;
    const timer = setTimeout(() => setOwn(null), DONE_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [own]);

  const watching = shown !== null && own === null;
  const wasWatching = useRef(false);
  useEffect(() => {
    if (wasWatching.current && !watching) onEnded();
    wasWatching.current = watching;
  }, [watching, onEnded]);

  return {
    shown,
    /** a work runs: starting another would only be refused */
    running: shown !== null && shown.phase !== 'done',
    /** Shows the progress of the approver's `work` while `request` runs, and done once it answered. */
    async during<T>(work: BatchWork, request: Promise<T>): Promise<T> {
      setOwn({ work, done: false });
      try {
        const answer = await request;
        setOwn({ work, done: true });
        // the last read may have caught the work midway: once the bar leaves done, it must not show that again
        void progress.refetch();
        return answer;
      } catch (err) {
        // a draw the gateway stopped waiting for may still run: the read tells, and the page follows it
        await progress.refetch();
        setOwn(null);
        throw err;
      }
    },
  };
}

/** The bar of a work's progress: its percentage, and its phase in words. */
export function BatchProgressBar({ shown }: { shown: ShownProgress }) {
  const { t } = useLanguage();
  const labelId = useId();
  const phase = shown.phase ? t(phaseWords[shown.phase]) : t('adminPhaseStarting');
  return (
    <div data-testid="batch-progress">
      <Space>
        <Typography.Text strong id={labelId}>
          {t(workWords[shown.work])}
        </Typography.Text>
        <Typography.Text type="secondary" data-testid="batch-progress-phase">
          {phase}
        </Typography.Text>
      </Space>
      <Progress
        percent={shown.percent}
        status={shown.phase === 'done' ? 'success' : 'active'}
        format={(percent) => `${percent}%`}
        aria-labelledby={labelId}
        aria-valuetext={`${shown.percent}% ${phase}`}
      />
    </div>
  );
}
