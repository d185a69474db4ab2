import { useState } from 'react';
import { App, Button, Space } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';

/**
 * A reviewer's decision on what a drawer shows: approve, or reject with the reason asked first (`ReasonDialog`,
 * opened by `reject`). Once taken the drawer closes, and every queue and count of the console is read again.
 */
export function useReviewDecision<D>(send: (decision: D) => Promise<unknown>, onClose: () => void) {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [rejecting, setRejecting] = useState(false);
  const decide = useMutation({
    mutationFn: send,
    onSuccess: () => {
      message.success(t('adminDecisionSaved'));
      setRejecting(false);
      onClose();
      void queries.invalidateQueries({ queryKey: ['admin'] });
    },
    onError: (e) => message.error(describe(e)),
  });
  return {
    decide,
    reject: () => setRejecting(true),
    /** the reason dialog's state, for `<ReasonDialog {...reasonDialog} />` */
    reasonDialog: { open: rejecting, busy: decide.isPending, onCancel: () => setRejecting(false) },
  };
}

/** A drawer's footer: approve (the step's own words), or reject. */
export function DecisionButtons({
  approveText,
  onApprove,
  onReject,
  busy,
}: {
  approveText: string;
  onApprove: () => void;
  onReject: () => void;
  busy: boolean;
}) {
  const { t } = useLanguage();
  return (
    <Space>
      <Button type="primary" loading={busy} onClick={onApprove} data-testid="approve">
        {approveText}
      </Button>
      <Button danger onClick={onReject} data-testid="reject">
        {t('adminReject')}
      </Button>
    </Space>
  );
}
