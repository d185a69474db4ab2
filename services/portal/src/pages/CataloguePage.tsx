import { useState } from 'react';
import { Card, Checkbox, Empty, Input, List, Select, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { productCategories } from '@voucher/contracts';
import { client, unwrap } from '../api/client.ts';
import { yuan } from '../format/money.ts';
import { useLanguage } from '../i18n/language.tsx';

/** CAT-4: the public catalogue, searched by keyword (Chinese or Latin), category and voucher products. */
export function CataloguePage() {
  const { t } = useLanguage();
  const [q, setQ] = useState('');
  const [category, setCategory] = useState<(typeof productCategories)[number] | undefined>();
  const [voucherOnly, setVoucherOnly] = useState(false);
  const [page, setPage] = useState(1);
  const result = useQuery({
    queryKey: ['catalogue', q, category, voucherOnly, page],
    queryFn: () =>
      unwrap(
        client.GET('/api/v1/catalog/products', {
          params: {
            query: {
              page,
              pageSize: 12,
              ...(q ? { q } : {}),
              ...(category ? { category } : {}),
              ...(voucherOnly ? { voucherOnly: 'true' as const } : {}),
            },
          },
        }),
      ),
  });
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search
          placeholder={t('keyword')}
          allowClear
          enterButton={t('search')}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          style={{ width: 360 }}
          data-testid="catalogue-search"
        />
        <Select
          allowClear
          placeholder={t('allCategories')}
          style={{ width: 180 }}
          value={category}
          onChange={(v) => {
            setCategory(v);
            setPage(1);
          }}
          options={productCategories.map((c) => ({ value: c, label: c }))}
        />
        <Checkbox checked={voucherOnly} onChange={(e) => setVoucherOnly(e.target.checked)}>
          {t('voucherOnly')}
        </Checkbox>
      </Space>
      <List
        loading={result.isLoading}
        grid={{ gutter: 16, xs: 1, sm: 2, md: 3 }}
        dataSource={result.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('empty')} /> }}
        pagination={{
          current: page,
          pageSize: 12,
          total: result.data?.total ?? 0,
          onChange: setPage,
          hideOnSinglePage: true,
        }}
        renderItem={(p) => (
          <List.Item>
            <Card
              title={<Link to={`/products/${p.id}`}>{p.name}</Link>}
              cover={
                p.thumbnailFileId ? (
                  <img
                    alt={p.name}
                    src={`/api/v1/files/${p.thumbnailFileId}`}
                    style={{ height: 140, objectFit: 'cover' }}
                  />
                ) : undefined
              }
              data-testid="product-card"
            >
              <Typography.Paragraph type="secondary">
                {p.providerName} · {p.region}
              </Typography.Paragraph>
              <Typography.Text strong>
                ¥{yuan(p.minPrice)}
                {p.maxPrice > p.minPrice ? ` - ${yuan(p.maxPrice)}` : ''}
              </Typography.Text>
              <div style={{ marginTop: 8 }}>
                <Tag>{p.category}</Tag>
                {p.voucherTerms?.acceptedCategories.map((c) => (
                  <Tag color="red" key={c}>
                    {c}
                  </Tag>
                ))}
              </div>
            </Card>
          </List.Item>
        )}
      />
    </Space>
  );
}
