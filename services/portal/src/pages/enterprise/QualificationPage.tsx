import { Alert, Card, Col, Form, Result, Skeleton } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { voucherQualificationBody, type FilePurpose } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { useDescribeError } from '../../i18n/error-text.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import { ApplicationForm, HeadcountCell, HonoursCell, MoneyCell, TextCell } from './ApplicationForm.tsx';
import { ApplicationStatus, latestApplication, type Application } from './ApplicationStatus.tsx';
import { FileUploadField } from '../../components/FileUploadField.tsx';
import { fenToYuan, yuanToFen } from '../../format/money.ts';
import { programmeYear } from '../../format/time.ts';
import type { RequestBody } from './api-shapes.ts';

type QualificationBody = RequestBody<'/api/v1/qualification/voucher-qualifications', 'post'>;
type QualificationValues = Partial<QualificationBody>;
type AttachmentName = keyof QualificationBody['attachments'];

const MONEY = ['lastYearTax', 'lastYearRevenue', 'rdSpend', 'totalAssets'] as const;
/** QUA-4: while one is under review it waits; otherwise it can be sent, sent again, or updated without a new review. */
const WAITING = new Set<Application['state']>(['submitted']);
/** Seed 003 §3's attachments: the first three required; types jpg/gif/jpeg/png/rar/zip/7z/pdf. */
const ATTACHMENTS: { name: AttachmentName; purpose: FilePurpose; label: MessageKey; required: boolean }[] = [
  { name: 'applicationForm', purpose: 'application_form', label: 'applicationFormFile', required: true },
  { name: 'licenceCopy', purpose: 'business_licence', label: 'licenceCopyFile', required: true },
  { name: 'commitmentLetter', purpose: 'commitment_letter', label: 'commitmentLetterFile', required: true },
  { name: 'socialInsurance', purpose: 'social_insurance', label: 'socialInsuranceFile', required: false },
  { name: 'taxReturn', purpose: 'tax_return', label: 'taxReturnFile', required: false },
];
const ACCEPT = '.jpg,.gif,.jpeg,.png,.rar,.zip,.7z,.pdf';

function valuesOf(application: Application | undefined): QualificationValues {
  const earlier = voucherQualificationBody.partial().safeParse(application?.data ?? {});
  return earlier.success ? fenToYuan(earlier.data, MONEY) : {};
}

/** QUA-4 (seed 003 §3 服务券资格申请): the year's data and attachments, for the district officer. */
function QualificationForm({ application, year }: { application: Application | undefined; year: number }) {
  const { t } = useLanguage();
  const update = application && application.state !== 'revoked' ? application.id : null;
  return (
    <ApplicationForm
      earlier={update}
      initialValues={valuesOf(application)}
      schema={voucherQualificationBody}
      body={(values: QualificationValues) => ({ ...yuanToFen(values, MONEY), year })}
      post={(body) => unwrap(client.POST('/api/v1/qualification/voucher-qualifications', { body }))}
      put={(id, body) =>
        unwrap(client.PUT('/api/v1/qualification/voucher-qualifications/{id}', { params: { path: { id } }, body }))
      }
      refresh={[['voucher-qualifications']]}
      submitText={update ? t('updateQualification') : t('submit')}
    >
      <TextCell name="district" label={t('district')} span={8} />
      <TextCell name="industry" label={t('industry')} span={8} />
      <TextCell name="enterpriseType" label={t('enterpriseType')} span={8} />
      <TextCell name="mainBusiness" label={t('mainBusiness')} span={24} />
      <HeadcountCell name="employees" label={t('employees')} required />
      <HeadcountCell name="socialSecurityHeadcount" label={t('socialSecurityHeadcount')} />
      <MoneyCell name="lastYearTax" label={t('lastYearTax')} required />
      <MoneyCell name="lastYearRevenue" label={t('lastYearRevenue')} required />
      <MoneyCell name="rdSpend" label={t('rdSpend')} required />
      <MoneyCell name="totalAssets" label={t('totalAssets')} required />
      <HonoursCell />
      <Col span={24}>
        <Alert type="info" title={t('attachmentsHint')} style={{ marginBottom: 16 }} />
      </Col>
      {ATTACHMENTS.map((a) => (
        <Col span={12} key={a.name}>
          <Form.Item name={['attachments', a.name]} label={t(a.label)} required={a.required}>
            <FileUploadField purpose={a.purpose} accept={ACCEPT} testId={`attachment-${a.name}`} />
          </Form.Item>
        </Col>
      ))}
    </ApplicationForm>
  );
}

/** QUA-4: this year's voucher qualification, its state and reason, and the form when it can be sent or updated. */
export function QualificationPage() {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const year = programmeYear();
  const mine = useQuery({
    queryKey: ['voucher-qualifications'],
    queryFn: () => unwrap(client.GET('/api/v1/qualification/voucher-qualifications/mine')),
  });
  if (mine.isLoading) return <Skeleton active />;
  if (mine.error) return <Result status="error" title={describe(mine.error)} />;
  const latest = latestApplication((mine.data?.items ?? []).filter((a) => a.year === year));
  return (
    <Card title={`${year} ${t('voucherQualification')}`}>
      {latest ? (
        <ApplicationStatus application={latest} />
      ) : (
        <Alert type="info" title={t('notQualifiedYet')} style={{ marginBottom: 16 }} data-testid="no-application" />
      )}
      {latest?.state === 'approved' && (
        <Alert type="success" title={t('updateWithoutReview')} style={{ marginBottom: 16 }} />
      )}
      {!latest || !WAITING.has(latest.state) ? (
        <QualificationForm key={latest?.id ?? 'new'} application={latest} year={year} />
      ) : null}
    </Card>
  );
}
