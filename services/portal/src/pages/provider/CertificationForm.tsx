import { Card, Checkbox, Col, Form, Input, InputNumber, Radio, Row, Select } from 'antd';
import { providerCertificationBody, serviceScopes, type ApplicationView } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { useLanguage } from '../../i18n/language.tsx';
import type { ApiBody } from './api-body.ts';
import { DirectoryLookup } from './DirectoryLookup.tsx';
import { FileUploadField } from '../../components/FileUploadField.tsx';
import { PageForm } from '../../components/CheckedForms.tsx';
import { programmeYear } from '../../format/time.ts';
import { toFen, toYuan } from '../../format/money.ts';

/** The form's values: the API body with the revenues in yuan where it holds fen. */
type CertificationValues = ApiBody<'/api/v1/qualification/provider-certifications', 'post'>;

/** QUA-3: revenues of the last three years before this one, in the programme's calendar. */
const revenueYears = () => {
  const year = programmeYear();
  return [year - 3, year - 2, year - 1].map(String);
};

const mapRevenues = (revenues: Record<string, number> | undefined, f: (v: number) => number) =>
  Object.fromEntries(Object.entries(revenues ?? {}).map(([year, v]) => [year, f(v)]));

/** What the provider sent last time, to start a resubmission from (QUA-3). */
function previousValues(previous: ApplicationView | null): Partial<CertificationValues> {
  const parsed = providerCertificationBody.partial().safeParse(previous?.data ?? {});
  if (!parsed.success) return { region: { scope: 'city' } };
  return { ...parsed.data, revenues: mapRevenues(parsed.data.revenues, toYuan) };
}

/** The provider-certification form (API.md body) with its licence and signed commitment letter (seed 004 (一)3). */
export function CertificationForm({ previous }: { previous: ApplicationView | null }) {
  const { t } = useLanguage();
  const resubmits = previous?.state === 'rejected';
  return (
    <Card size="small" title={resubmits ? t('resubmitCertification') : t('applyCertification')}>
      <PageForm
        name="certification"
        initialValues={previousValues(previous)}
        schema={providerCertificationBody}
        body={(v: CertificationValues) => ({ ...v, revenues: mapRevenues(v.revenues, toFen) })}
        send={(body) =>
          unwrap(
            resubmits
              ? client.PUT('/api/v1/qualification/provider-certifications/{id}', {
                  params: { path: { id: previous.id } },
                  body,
                })
              : client.POST('/api/v1/qualification/provider-certifications', { body }),
          )
        }
        done={t('certificationSent')}
        refresh={[['provider-certification']]}
        submitText={resubmits ? t('wbResubmit') : t('submit')}
        submitTestId="submit-certification"
      >
        <Row gutter={16}>
          <Col span={24}>
            <Form.Item
              name="companyName"
              label={t('companyFullName')}
              extra={t('directoryHint')}
              rules={[{ required: true }]}
            >
              <DirectoryLookup />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="creditCode" label={t('orgCreditCode')} rules={[{ required: true }]}>
              <Input maxLength={18} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="contactName" label={t('certContactName')} rules={[{ required: true }]}>
              <Input maxLength={30} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="contactPhone" label={t('certContactPhone')} rules={[{ required: true }]}>
              <Input maxLength={11} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="serviceScopes" label={t('serviceScopes')} rules={[{ required: true }]}>
              <Checkbox.Group options={serviceScopes.map((s) => ({ value: s, label: s }))} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="coreProducts" label={t('coreProducts')} rules={[{ required: true }]}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="industries"
              label={t('industriesServed')}
              extra={t('typeAndEnter')}
              rules={[{ required: true }]}
            >
              <Select mode="tags" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="industrialCustomers" label={t('industrialCustomers')} rules={[{ required: true }]}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          {revenueYears().map((year) => (
            <Col span={8} key={year}>
              <Form.Item name={['revenues', year]} label={`${year}${t('revenueOfYear')}`} rules={[{ required: true }]}>
                <InputNumber min={0} precision={2} addonAfter={t('yuan')} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          ))}
          <Col span={12}>
            <Form.Item name={['region', 'scope']} label={t('serviceRange')} rules={[{ required: true }]}>
              <Radio.Group
                options={[
                  { value: 'province', label: t('wholeProvince') },
                  { value: 'city', label: t('oneCity') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item noStyle dependencies={[['region', 'scope']]}>
              {({ getFieldValue }) =>
                getFieldValue(['region', 'scope']) === 'city' && (
                  <Form.Item name={['region', 'city']} label={t('serviceCity')} rules={[{ required: true }]}>
                    <Input maxLength={30} />
                  </Form.Item>
                )
              }
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="licenceFileId"
              label={t('wbBusinessLicence')}
              extra={t('wbLicenceHint')}
              rules={[{ required: true }]}
            >
              <FileUploadField purpose="business_licence" accept=".jpg,.jpeg,.png" testId="licence-upload" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="commitmentFileId"
              label={t('commitmentLetter')}
              extra={t('commitmentHint')}
              rules={[{ required: true }]}
            >
              <FileUploadField purpose="provider_commitment" accept=".pdf,.jpg,.png" testId="commitment-upload" />
            </Form.Item>
          </Col>
        </Row>
      </PageForm>
    </Card>
  );
}
