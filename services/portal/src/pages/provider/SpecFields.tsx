import { Button, Card, Col, Form, InputNumber, Input, Radio, Row } from 'antd';
import { purchaseModes } from '@voucher/contracts';
import { useLanguage } from '../../i18n/language.tsx';
import type { MessageKey } from '../../i18n/messages.ts';

const purchaseModeWords: Record<(typeof purchaseModes)[number], MessageKey> = {
  per_year: 'perYear',
  per_month: 'perMonth',
  per_quantity: 'perQuantity',
};

/** Seed 002 图1-21 添加规格: name, purchase mode, pricing (free or simple) and a price in yuan (CAT-1). */
export function SpecFields() {
  const { t } = useLanguage();
  return (
    <Card title={t('specs')} size="small">
      <Form.List name="specs">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <Row key={field.key} gutter={16} align="middle" data-testid={`spec-${field.name + 1}`}>
                <Col span={6}>
                  <Form.Item name={[field.name, 'name']} label={t('specName')}>
                    <Input maxLength={50} />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item name={[field.name, 'purchaseMode']} label={t('purchaseMode')}>
                    <Radio.Group options={purchaseModes.map((m) => ({ value: m, label: t(purchaseModeWords[m]) }))} />
                  </Form.Item>
                </Col>
                <Col span={5}>
                  <Form.Item name={[field.name, 'pricing']} label={t('pricing')}>
                    <Radio.Group
                      options={[
                        { value: 'free', label: t('pricingFree') },
                        { value: 'simple', label: t('pricingSimple') },
                      ]}
                    />
                  </Form.Item>
                </Col>
                <Col span={5}>
                  <Form.Item noStyle dependencies={[['specs', field.name, 'pricing']]}>
                    {({ getFieldValue }) =>
                      getFieldValue(['specs', field.name, 'pricing']) !== 'free' && (
                        <Form.Item name={[field.name, 'price']} label={t('specPrice')}>
                          <InputNumber min={0} precision={2} addonAfter={t('yuan')} style={{ width: '100%' }} />
                        </Form.Item>
                      )
                    }
                  </Form.Item>
                </Col>
                <Col span={2}>
                  <Button type="link" danger onClick={() => remove(field.name)} disabled={fields.length === 1}>
                    {t('remove')}
                  </Button>
                </Col>
              </Row>
            ))}
            <Button onClick={() => add({ purchaseMode: 'per_quantity', pricing: 'simple' })}>{t('addSpec')}</Button>
          </>
        )}
      </Form.List>
    </Card>
  );
}
