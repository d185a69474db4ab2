import { Alert, Card, Descriptions, Result, Spin, Tag, Timeline } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { ApplicationState } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { TitledPage } from '../../components/TitledPage.tsx';
import { CertificationForm } from './CertificationForm.tsx';
import { shanghaiDateTime } from '../../format/time.ts';

/** QUA-3 states: an operator approves, then an approver certifies. */
const certificationStateWords: Record<ApplicationState, MessageKey> = {
  submitted: 'certSubmitted',
  operator_approved: 'certOperatorApproved',
  certified: 'certCertified',
  approved: 'certCertified',
  rejected: 'certRejected',
  withdrawn: 'certWithdrawn',
  revoked: 'certRevoked',
  superseded: 'certSuperseded',
};

/** States after which the provider applies again (QUA-3: a rejected application is edited and resubmitted). */
const mayApply: readonly ApplicationState[] = ['rejected', 'withdrawn', 'revoked'];

/** QUA-3 (seed 004 (一)): my provider certification, its state and reason, and the form to apply or resubmit. */
export function CertificationPage() {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const mine = useQuery({
    queryKey: ['provider-certification'],
    queryFn: () => unwrap(client.GET('/api/v1/qualification/provider-certifications/mine')),
  });
  if (mine.isLoading) return <Spin style={{ display: 'block', margin: '48px auto' }} />;
  if (mine.error) return <Result status="error" title={describe(mine.error)} />;
  const latest = [...(mine.data?.items ?? [])].sort((x, y) => y.submittedAt.localeCompare(x.submittedAt))[0];
  return (
    <TitledPage level={3} title={t('providerCertification')}>
      {latest && (
        <Card size="small" title={t('certificationState')}>
          <Descriptions size="small" column={2}>
            <Descriptions.Item label={t('companyFullName')}>{latest.companyName}</Descriptions.Item>
            <Descriptions.Item label={t('state')}>
              <Tag data-testid="certification-state">{t(certificationStateWords[latest.state])}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('certSubmittedAt')}>{shanghaiDateTime(latest.submittedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('certDecidedAt')}>{shanghaiDateTime(latest.decidedAt)}</Descriptions.Item>
          </Descriptions>
          {latest.reason && <Alert type="error" title={`${t('wbRejectionReason')}：${latest.reason}`} />}
          <Timeline
            style={{ marginTop: 16 }}
            items={latest.history.map((h) => ({
              title: shanghaiDateTime(h.at),
              content: `${t(certificationStateWords[h.toState])}${h.reason ? `：${h.reason}` : ''}`,
            }))}
          />
        </Card>
      )}
      {(!latest || mayApply.includes(latest.state)) && (
        <CertificationForm previous={latest ?? null} key={latest?.id ?? 'first'} />
      )}
    </TitledPage>
  );
}
