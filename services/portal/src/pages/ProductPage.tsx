import { useState } from 'react';
import { Button, Card, Col, Descriptions, List, Result, Row, Skeleton, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { client, unwrap } from '../api/client.ts';
import { yuan } from '../format/money.ts';
import { useLanguage } from '../i18n/language.tsx';
import { useSession } from '../auth/session.tsx';
import { OrderForm } from './OrderForm.tsx';
import { useDescribeError } from '../i18n/error-text.ts';

/** CAT-4 / seed 003 §4.6: a product with its voucher terms, provider contact and same-category recommendations. */
export function ProductPage() {
  const describe = useDescribeError();
  const { id } = useParams<{ id: string }>();
  const { t } = useLanguage();
  const { user } = useSession();
  const [ordering, setOrdering] = useState(false);
  const product = useQuery({
    queryKey: ['product', id],
    queryFn: () => unwrap(client.GET('/api/v1/catalog/products/{id}', { params: { path: { id: id! } } })),
  });
  if (product.isLoading) return <Skeleton active />;
  if (product.error) return <Result status="404" title={describe(product.error)} />;
  const p = product.data!;
  return (
    <Row gutter={24}>
      <Col xs={24} md={16}>
        <Card
          title={<span data-testid="product-name">{p.name}</span>}
          extra={
            user?.role === 'enterprise' && (
              <Button type="primary" onClick={() => setOrdering(true)}>
                {t('buy')}
              </Button>
            )
          }
        >
          {ordering && <OrderForm product={p} open={ordering} onClose={() => setOrdering(false)} />}
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={t('provider')}>{p.provider.name}</Descriptions.Item>
            <Descriptions.Item label={t('region')}>{p.region}</Descriptions.Item>
            <Descriptions.Item label={t('price')}>
              {(p.content.specs ?? []).map((s) => (
                <div key={s.name}>
                  {s.name}：{s.pricing === 'free' ? '免费' : `¥${yuan(s.price ?? 0)}`}
                </div>
              ))}
            </Descriptions.Item>
            <Descriptions.Item label={t('voucherTerms')}>
              {p.voucherTerms ? (
                <div data-testid="voucher-terms">
                  {t('acceptedCategories')}：
                  {p.voucherTerms.acceptedCategories.map((c) => (
                    <Tag color="red" key={c}>
                      {c}
                    </Tag>
                  ))}
                  <div>
                    {t('maxVoucherPerUnit')}：¥{yuan(p.voucherTerms.maxVoucherPerUnit)}
                  </div>
                  <div>
                    {t('annualLimit')}：{p.voucherTerms.annualLimitPerEnterprise}
                  </div>
                </div>
              ) : (
                t('noVouchers')
              )}
            </Descriptions.Item>
            {p.content.contact && (
              <Descriptions.Item label={t('contact')}>
                {p.content.contact.name} {p.content.contact.mobile ?? ''} {p.content.contact.email ?? ''}
              </Descriptions.Item>
            )}
          </Descriptions>
          <Typography.Paragraph style={{ marginTop: 16, whiteSpace: 'pre-wrap' }}>
            {p.content.detail?.description}
          </Typography.Paragraph>
        </Card>
        <Card title={`${t('evaluations')} (${p.evaluations.total})`} style={{ marginTop: 16 }}>
          <List
            dataSource={p.evaluations.recent}
            renderItem={(e) => (
              <List.Item>
                {e.enterpriseName}：{e.text || '—'}
              </List.Item>
            )}
          />
        </Card>
      </Col>
      <Col xs={24} md={8}>
        <Card title={t('recommendations')}>
          <List
            dataSource={p.recommendations}
            renderItem={(r) => (
              <List.Item>
                <Link to={`/products/${r.id}`}>{r.name}</Link>
              </List.Item>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}
