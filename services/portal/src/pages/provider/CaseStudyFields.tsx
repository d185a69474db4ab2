import { Card, Col, Form, Input, InputNumber, Row } from 'antd';
import { useLanguage } from '../../i18n/language.tsx';
import { FileUploadField } from '../../components/FileUploadField.tsx';

/** One of the three case studies a product must show (CAT-1, seed 002 图1-15), at `cases.<index>`. */
export function CaseStudyFields({ index }: { index: number }) {
  const { t } = useLanguage();
  const at = (field: string) => ['cases', index, field];
  return (
    <Card title={`${t('caseStudy')} ${index + 1}`} size="small" data-testid={`case-${index + 1}`}>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name={at('customer')} label={t('caseCustomer')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name={at('deliveryMonths')} label={t('caseDeliveryMonths')}>
            <InputNumber min={1} max={120} precision={0} addonAfter={t('months')} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name={at('customerAnnualOutput')} label={t('caseAnnualOutput')}>
            <InputNumber min={0} precision={2} addonAfter={t('yuan')} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name={at('saleAmount')} label={t('caseSaleAmount')}>
            <InputNumber min={0} precision={2} addonAfter={t('yuan')} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={at('productContactName')} label={t('caseContactName')}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={at('contactTitle')} label={t('caseContactTitle')}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={at('contactPhone')} label={t('caseContactPhone')}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name={at('documentFileId')} label={t('caseDocument')} extra={t('caseDocumentHint')}>
            <FileUploadField purpose="case_document" testId={`case-${index + 1}-document`} />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}
