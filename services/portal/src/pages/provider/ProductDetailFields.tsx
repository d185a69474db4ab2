import { Card, Col, Form, Input, Row, Select } from 'antd';
import { useLanguage } from '../../i18n/language.tsx';

/** Seed 002 图1-16..1-20: the contact, the detail page (highlights, description), after-sales support, region. */
export function ProductDetailFields() {
  const { t } = useLanguage();
  return (
    <Card title={t('contactAndDetail')} size="small">
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item name={['contact', 'name']} label={t('productContactName')}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={['contact', 'mobile']} label={t('contactMobile')}>
            <Input maxLength={11} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={['contact', 'email']} label={t('contactEmail')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name={['detail', 'highlights']} label={t('highlights')} extra={t('typeAndEnter')}>
            <Select mode="tags" data-testid="highlights" />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name={['detail', 'description']} label={t('productDescription')}>
            <Input.TextArea rows={4} maxLength={5000} />
          </Form.Item>
        </Col>
        <Col span={16}>
          <Form.Item name="support" label={t('support')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="region" label={t('region')}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}
