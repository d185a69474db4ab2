import { Card, Col, Form, InputNumber, Row, Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { client, unwrap } from '../../api/client.ts';
import { useLanguage } from '../../i18n/language.tsx';

/** CAT-2: the voucher categories the product accepts, the most a voucher pays per unit, purchases a year. */
export function VoucherTermsFields() {
  const { t } = useLanguage();
  const categories = useQuery({
    queryKey: ['voucher-categories'],
    queryFn: () => unwrap(client.GET('/api/v1/lottery/categories')),
  });
  return (
    <Card title={t('voucherTerms')} size="small">
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name={['voucherTerms', 'acceptedCategories']} label={t('acceptedCategories')}>
            <Select
              mode="multiple"
              data-testid="accepted-categories"
              loading={categories.isLoading}
              options={(categories.data?.items ?? []).map((c) => ({ value: c.code, label: `${c.name}（${c.code}）` }))}
            />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item
            name={['voucherTerms', 'maxVoucherPerUnit']}
            label={t('maxVoucherPerUnit')}
            extra={t('maxVoucherHint')}
          >
            <InputNumber min={0} precision={2} addonAfter={t('yuan')} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name={['voucherTerms', 'annualLimitPerEnterprise']} label={t('annualLimit')}>
            <InputNumber min={1} max={100} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}
