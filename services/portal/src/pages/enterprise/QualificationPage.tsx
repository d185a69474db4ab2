import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, Form, Input, InputNumber, Result, Row, Skeleton } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { enterpriseHonours, voucherQualificationBody, type FilePurpose } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { useDescribeError } from '../../i18n/error-text.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import { ApplicationStatus, latestApplication, type Application } from './ApplicationStatus.tsx';
import { FileUploadField } from '../../components/FileUploadField.tsx';
import { clearChangedIssues, useFieldText, showIssues, zodIssues } from '../../forms/field-issues.ts';
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
  const describe = useDescribeError();
  const fieldText = useFieldText();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<QualificationValues>();
  const [checkFailed, setCheckFailed] = useState(false);
  const update = application && application.state !== 'revoked' ? application.id : null;
  const send = useMutation({
    mutationFn: (body: QualificationBody) =>
      unwrap(
        update
          ? client.PUT('/api/v1/qualification/voucher-qualifications/{id}', { params: { path: { id: update } }, body })
          : client.POST('/api/v1/qualification/voucher-qualifications', { body }),
      ),
    onSuccess: () => {
      message.success(t('applicationSent'));
      void queries.invalidateQueries({ queryKey: ['voucher-qualifications'] });
    },
  });

  const submit = (values: QualificationValues) => {
    const checked = voucherQualificationBody.safeParse({ ...yuanToFen(values, MONEY), year });
    setCheckFailed(!checked.success);
    if (!checked.success) return showIssues(form, zodIssues(checked.error), fieldText);
    send.mutate(checked.data);
  };

  const money = (name: (typeof MONEY)[number], label: MessageKey) => (
    <Col span={8}>
      <Form.Item name={name} label={t(label)} required>
        <InputNumber min={0} precision={2} suffix={t('yuan')} style={{ width: '100%' }} />
      </Form.Item>
    </Col>
  );
  const text = (name: 'district' | 'mainBusiness' | 'industry' | 'enterpriseType', label: MessageKey) => (
    <Col span={name === 'mainBusiness' ? 24 : 8}>
      <Form.Item name={name} label={t(label)} required>
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
        {text('district', 'district')}
        {text('industry', 'industry')}
        {text('enterpriseType', 'enterpriseType')}
        {text('mainBusiness', 'mainBusiness')}
        <Col span={8}>
          <Form.Item name="employees" label={t('employees')} required>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="socialSecurityHeadcount" label={t('socialSecurityHeadcount')}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        {money('lastYearTax', 'lastYearTax')}
        {money('lastYearRevenue', 'lastYearRevenue')}
        {money('rdSpend', 'rdSpend')}
        {money('totalAssets', 'totalAssets')}
        <Col span={24}>
          <Form.Item name="qualifications" label={t('qualifications')}>
            <Checkbox.Group options={enterpriseHonours.map((h) => ({ value: h, label: h }))} />
          </Form.Item>
        </Col>
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
      </Row>
      {send.error && !checkFailed && (
        <Alert type="error" title={describe(send.error)} style={{ marginBottom: 16 }} data-testid="form-error" />
      )}
      <Button type="primary" htmlType="submit" loading={send.isPending}>
        {update ? t('updateQualification') : t('submit')}
      </Button>
    </Form>
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
