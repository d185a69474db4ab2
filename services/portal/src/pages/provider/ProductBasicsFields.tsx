import { Card, Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { productCategories } from '@voucher/contracts';
import { useLanguage } from '../../i18n/language.tsx';
import { FileUploadField } from '../../components/FileUploadField.tsx';

/** Seed 002 表1-2 基本信息: name, catalogue, tags, picture, solution types, industries, prices, delivery (CAT-1). */
export function ProductBasicsFields() {
  const { t } = useLanguage();
  return (
    <Card title={t('basicInfo')} size="small">
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="name" label={t('productName')} required>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="relatedProductName" label={t('relatedProductName')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="category" label={t('productCategory')}>
            <Select data-testid="product-category" options={productCategories.map((c) => ({ value: c, label: c }))} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="tags" label={t('productTags')} extra={t('typeAndEnter')}>
            <Select mode="tags" data-testid="product-tags" />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="thumbnailFileId" label={t('thumbnail')} extra={t('thumbnailHint')}>
            <FileUploadField purpose="product_image" accept=".jpg,.jpeg,.png,.bmp" testId="thumbnail-upload" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="solutionTypes" label={t('solutionTypes')} extra={t('atMostFive')}>
            <Select mode="tags" maxCount={5} data-testid="solution-types" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="industries" label={t('productIndustries')} extra={t('atMostThree')}>
            <Select mode="tags" maxCount={3} data-testid="industries" />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name={['historicalPrice', 'min']} label={t('historicalMin')}>
            <InputNumber min={0} precision={2} addonAfter={t('yuan')} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name={['historicalPrice', 'max']} label={t('historicalMax')}>
            <InputNumber min={0} precision={2} addonAfter={t('yuan')} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="deliveryDays" label={t('deliveryDays')}>
            <InputNumber min={1} precision={0} addonAfter={t('days')} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="deliveryPersonDays" label={t('deliveryPersonDays')}>
            <InputNumber min={1} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}
