import { Alert, Card, Col, DatePicker, Descriptions, Form, Input, Radio, Result, Skeleton } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import dayjs, { type Dayjs } from 'dayjs';
import { creditCodeSchema, enterpriseCertificationBody } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { useDescribeError } from '../../i18n/error-text.ts';
import { ApplicationForm, HeadcountCell, HonoursCell, MoneyCell, TextCell } from './ApplicationForm.tsx';
import { ApplicationStatus, latestApplication, type Application } from './ApplicationStatus.tsx';
import { FileUploadField } from '../../components/FileUploadField.tsx';
import { fenToYuan, yuanToFen } from '../../format/money.ts';
import type { RequestBody } from './api-shapes.ts';
import { apiDate } from '../../format/time.ts';

type CertificationBody = RequestBody<'/api/v1/qualification/enterprise-certifications', 'post'>;
type CertificationValues = Partial<Omit<CertificationBody, 'foundedOn'> & { foundedOn: Dayjs }>;

const MONEY = ['lastYearRevenue', 'lastYearOutput', 'lastYearProfit', 'lastYearTax', 'rdSpend', 'totalAssets'] as const;
/** QUA-1: a rejected or withdrawn application is edited and sent again; a revoked one starts anew. */
const EDITABLE = new Set<Application['state']>(['rejected', 'withdrawn', 'revoked']);

/** A rejected application's data back in the form, so only what the reviewer questioned needs changing. */
function valuesOf(application: Application | undefined): CertificationValues {
  const earlier = enterpriseCertificationBody.partial().safeParse(application?.data ?? {});
  if (!earlier.success) return {};
  const { foundedOn, ...rest } = fenToYuan(earlier.data, MONEY);
  return { ...rest, ...(foundedOn ? { foundedOn: dayjs(foundedOn) } : {}) };
}

/** QUA-1 (seed 003 §2 企业认证): the enterprise's data and business licence, for the district's review. */
function CertificationForm({ application }: { application: Application | undefined }) {
  const { t } = useLanguage();
  const resubmit = application && application.state !== 'revoked' ? application.id : null;
  return (
    <ApplicationForm
      earlier={resubmit}
      initialValues={valuesOf(application)}
      schema={enterpriseCertificationBody}
      body={({ foundedOn, ...rest }: CertificationValues) => ({
        ...yuanToFen(rest, MONEY),
        foundedOn: foundedOn && apiDate(foundedOn),
      })}
      post={(body) => unwrap(client.POST('/api/v1/qualification/enterprise-certifications', { body }))}
      put={(id, body) =>
        unwrap(client.PUT('/api/v1/qualification/enterprise-certifications/{id}', { params: { path: { id } }, body }))
      }
      refresh={[['enterprise-certifications']]}
      submitText={resubmit ? t('resubmit') : t('submit')}
    >
      <TextCell name="companyName" label={t('companyName')} span={12} />
      <Col span={12}>
        <Form.Item
          name="creditCode"
          label={t('creditCode')}
          required
          rules={[
            {
              // checked as typed with the contract's rule; the service judges the check character (QUA-1)
              validator: (_, v: string | undefined) =>
                !v || creditCodeSchema.safeParse(v).success
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('creditCodeInvalid'))),
            },
          ]}
        >
          <Input maxLength={18} data-testid="credit-code" />
        </Form.Item>
      </Col>
      <TextCell name="legalRepresentative" label={t('legalRepresentative')} span={8} />
      <TextCell name="contactName" label={t('contactName')} span={8} />
      <TextCell name="contactPhone" label={t('contactPhone')} span={8} />
      <TextCell name="email" label={t('email')} span={8} />
      <TextCell name="district" label={t('district')} span={8} />
      <TextCell name="industry" label={t('industry')} span={8} />
      <TextCell name="registeredAddress" label={t('registeredAddress')} span={12} />
      <TextCell name="businessAddress" label={t('businessAddress')} span={12} />
      <Col span={8}>
        <Form.Item name="size" label={t('companySize')} required>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'micro', label: t('sizeMicro') },
              { value: 'small', label: t('sizeSmall') },
              { value: 'medium', label: t('sizeMedium') },
            ]}
          />
        </Form.Item>
      </Col>
      <Col span={8}>
        <Form.Item name="foundedOn" label={t('foundedOn')} required>
          <DatePicker style={{ width: '100%' }} data-testid="founded-on" />
        </Form.Item>
      </Col>
      <HeadcountCell name="employees" label={t('employees')} required />
      <MoneyCell name="lastYearRevenue" label={t('lastYearRevenue')} required />
      <MoneyCell name="lastYearTax" label={t('lastYearTax')} required />
      <MoneyCell name="lastYearOutput" label={t('lastYearOutput')} />
      <MoneyCell name="lastYearProfit" label={t('lastYearProfit')} />
      <MoneyCell name="rdSpend" label={t('rdSpend')} />
      <MoneyCell name="totalAssets" label={t('totalAssets')} />
      <HonoursCell />
      <Col span={24}>
        <Form.Item name="licenceFileId" label={t('businessLicence')} required extra={t('licenceHint')}>
          <FileUploadField purpose="business_licence" accept=".jpg,.jpeg,.png" testId="licence-upload" />
        </Form.Item>
      </Col>
    </ApplicationForm>
  );
}

/** What was sent, while it is reviewed or once certified (QUA-6: changing it needs a new review). */
function CertifiedData({ application }: { application: Application }) {
  const { t } = useLanguage();
  return (
    <Descriptions size="small" column={2} bordered>
      <Descriptions.Item label={t('companyName')}>{application.companyName}</Descriptions.Item>
      <Descriptions.Item label={t('creditCode')}>{application.creditCode}</Descriptions.Item>
      <Descriptions.Item label={t('district')}>{application.district}</Descriptions.Item>
    </Descriptions>
  );
}

/** QUA-1/2: my enterprise certification, its state and the reviewer's reason; the form when it can be (re)sent. */
export function CertificationPage() {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const mine = useQuery({
    queryKey: ['enterprise-certifications'],
    queryFn: () => unwrap(client.GET('/api/v1/qualification/enterprise-certifications/mine')),
  });
  const survey = useQuery({
    queryKey: ['survey'],
    queryFn: () => unwrap(client.GET('/api/v1/qualification/survey')),
  });
  if (mine.isLoading) return <Skeleton active />;
  if (mine.error) return <Result status="error" title={describe(mine.error)} />;
  const latest = latestApplication(mine.data?.items ?? []);
  return (
    <Card title={t('certification')}>
      {survey.data && !survey.data.answeredAt && (
        <Alert
          type="info"
          style={{ marginBottom: 16 }}
          title={
            <>
              {t('surveyFirst')} <Link to="/enterprise/survey">{t('demandSurvey')}</Link>
            </>
          }
        />
      )}
      {latest ? (
        <ApplicationStatus application={latest} />
      ) : (
        <Alert type="info" title={t('notCertifiedYet')} style={{ marginBottom: 16 }} data-testid="no-application" />
      )}
      {!latest || EDITABLE.has(latest.state) ? (
        <CertificationForm key={latest?.id ?? 'new'} application={latest} />
      ) : (
        <CertifiedData application={latest} />
      )}
    </Card>
  );
}
