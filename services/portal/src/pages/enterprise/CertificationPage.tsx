import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Radio,
  Result,
  Row,
  Skeleton,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import dayjs, { type Dayjs } from 'dayjs';
import { creditCodeSchema, enterpriseCertificationBody, enterpriseHonours } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { useDescribeError } from '../../i18n/error-text.ts';
import { ApplicationStatus, latestApplication, type Application } from './ApplicationStatus.tsx';
import { FileUploadField } from '../../components/FileUploadField.tsx';
import { clearChangedIssues, useFieldText, showIssues, zodIssues } from '../../forms/field-issues.ts';
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
  const describe = useDescribeError();
  const fieldText = useFieldText();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<CertificationValues>();
  const [checkFailed, setCheckFailed] = useState(false);
  const resubmit = application && application.state !== 'revoked' ? application.id : null;
  const send = useMutation({
    mutationFn: (body: CertificationBody) =>
      unwrap(
        resubmit
          ? client.PUT('/api/v1/qualification/enterprise-certifications/{id}', {
              params: { path: { id: resubmit } },
              body,
            })
          : client.POST('/api/v1/qualification/enterprise-certifications', { body }),
      ),
    onSuccess: () => {
      message.success(t('applicationSent'));
      void queries.invalidateQueries({ queryKey: ['enterprise-certifications'] });
    },
  });

  const submit = (values: CertificationValues) => {
    const { foundedOn, ...rest } = values;
    const checked = enterpriseCertificationBody.safeParse({
      ...yuanToFen(rest, MONEY),
      foundedOn: foundedOn && apiDate(foundedOn),
    });
    setCheckFailed(!checked.success);
    if (!checked.success) return showIssues(form, zodIssues(checked.error), fieldText);
    send.mutate(checked.data);
  };

  const money = (name: (typeof MONEY)[number], label: string, required = false) => (
    <Col span={8}>
      <Form.Item name={name} label={label} required={required}>
        {/* a loss is a negative profit; every other amount is at least zero */}
        <InputNumber
          min={name === 'lastYearProfit' ? undefined : 0}
          precision={2}
          suffix={t('yuan')}
          style={{ width: '100%' }}
        />
      </Form.Item>
    </Col>
  );
  const text = (name: keyof CertificationBody, label: string, span = 12) => (
    <Col span={span}>
      <Form.Item name={name} label={label} required>
        <Input />
      </Form.Item>
    </Col>
  );

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={valuesOf(application)}
      onValuesChange={(changed) => clearChangedIssues(form, changed)}
    >
      <Row gutter={16}>
        {text('companyName', t('companyName'))}
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
        {text('legalRepresentative', t('legalRepresentative'), 8)}
        {text('contactName', t('contactName'), 8)}
        {text('contactPhone', t('contactPhone'), 8)}
        {text('email', t('email'), 8)}
        {text('district', t('district'), 8)}
        {text('industry', t('industry'), 8)}
        {text('registeredAddress', t('registeredAddress'))}
        {text('businessAddress', t('businessAddress'))}
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
        <Col span={8}>
          <Form.Item name="employees" label={t('employees')} required>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        {money('lastYearRevenue', t('lastYearRevenue'), true)}
        {money('lastYearTax', t('lastYearTax'), true)}
        {money('lastYearOutput', t('lastYearOutput'))}
        {money('lastYearProfit', t('lastYearProfit'))}
        {money('rdSpend', t('rdSpend'))}
        {money('totalAssets', t('totalAssets'))}
        <Col span={24}>
          <Form.Item name="qualifications" label={t('qualifications')}>
            <Checkbox.Group options={enterpriseHonours.map((h) => ({ value: h, label: h }))} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="licenceFileId" label={t('businessLicence')} required extra={t('licenceHint')}>
            <FileUploadField purpose="business_licence" accept=".jpg,.jpeg,.png" testId="licence-upload" />
          </Form.Item>
        </Col>
      </Row>
      {send.error && !checkFailed && (
        <Alert type="error" title={describe(send.error)} style={{ marginBottom: 16 }} data-testid="form-error" />
      )}
      <Button type="primary" htmlType="submit" loading={send.isPending}>
        {resubmit ? t('resubmit') : t('submit')}
      </Button>
    </Form>
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
