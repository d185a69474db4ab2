import { Alert, Descriptions, Tag } from 'antd';
import type { ApplicationState } from '@voucher/contracts';
import { useLanguage } from '../../i18n/language.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import type { Reply } from './api-shapes.ts';
import { shanghaiDateTime } from '../../format/time.ts';

export type Application = Reply<'/api/v1/qualification/enterprise-certifications/mine'>['items'][number];

const stateWords: Record<ApplicationState, MessageKey> = {
  submitted: 'stateSubmitted',
  operator_approved: 'stateOperatorApproved',
  certified: 'stateCertified',
  approved: 'stateApproved',
  rejected: 'stateRejected',
  withdrawn: 'stateWithdrawn',
  revoked: 'stateRevoked',
  superseded: 'stateSuperseded',
};
const stateColours: Partial<Record<ApplicationState, string>> = {
  submitted: 'processing',
  certified: 'success',
  approved: 'success',
  rejected: 'error',
  revoked: 'error',
};

/** The newest of my applications of one kind (QUA-8: applicants see theirs and their state). */
export function latestApplication(items: readonly Application[]): Application | undefined {
  return [...items].sort((a, b) => b.submittedAt.localeCompare(a.submittedAt))[0];
}

/** An application's state, when it was sent and decided, and the reviewer's reason for a rejection or revocation. */
export function ApplicationStatus({ application }: { application: Application }) {
  const { t } = useLanguage();
  return (
    <>
      <Descriptions size="small" column={3} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('applicationState')}>
          <Tag color={stateColours[application.state]} data-testid="application-state">
            {t(stateWords[application.state])}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('submittedAt')}>{shanghaiDateTime(application.submittedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('decidedAt')}>{shanghaiDateTime(application.decidedAt)}</Descriptions.Item>
      </Descriptions>
      {application.reason && (
        <Alert
          type="warning"
          title={`${t('rejectionReason')}：${application.reason}`}
          style={{ marginBottom: 16 }}
          data-testid="rejection-reason"
        />
      )}
    </>
  );
}
