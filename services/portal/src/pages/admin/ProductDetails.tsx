import { Descriptions, Space, Table, Tag, Typography } from 'antd';
import type { ProductView } from '@voucher/contracts';
import { yuan } from '../../format/money.ts';
import { useLanguage } from '../../i18n/language.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { AttachmentButton } from './AttachmentButton.tsx';

type Content = ProductView['content'];
type Spec = NonNullable<Content['specs']>[number];
type CaseStudy = NonNullable<Content['cases']>[number];

/** CAT-1 purchase modes as seed 002 names them. */
const purchaseModeWords: Record<Spec['purchaseMode'], MessageKey> = {
  per_quantity: 'adminPerQuantity',
  per_year: 'adminPerYear',
  per_month: 'adminPerMonth',
};

/** A product as its reviewers judge it (CAT-1/2): content, specs, voucher terms, the three cases and their files. */
export function ProductDetails({ product }: { product: ProductView }) {
  const { t } = useLanguage();
  const c = product.content;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <div data-testid="product-data">
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('adminProductName')}>{c.name}</Descriptions.Item>
          <Descriptions.Item label={t('provider')}>{product.providerName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('adminProductCategory')}>{c.category ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('region')}>{c.region ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('adminHistoricalPrice')}>
            {c.historicalPrice ? `¥${yuan(c.historicalPrice.min)} ~ ¥${yuan(c.historicalPrice.max)}` : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('acceptedCategories')}>
            {c.voucherTerms ? (
              <Space wrap>
                {c.voucherTerms.acceptedCategories.map((code) => (
                  <Tag key={code}>{code}</Tag>
                ))}
                <span>
                  {t('maxVoucherPerUnit')} ¥{yuan(c.voucherTerms.maxVoucherPerUnit)}
                </span>
                <span>
                  {t('annualLimit')} {c.voucherTerms.annualLimitPerEnterprise}
                </span>
              </Space>
            ) : (
              t('noVouchers')
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('contact')}>
            {c.contact ? [c.contact.name, c.contact.mobile, c.contact.email].filter(Boolean).join(' · ') : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('adminProductDescription')}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
              {c.detail?.description ?? '—'}
            </Typography.Paragraph>
          </Descriptions.Item>
        </Descriptions>
      </div>
      {c.thumbnailFileId && <AttachmentButton fileId={c.thumbnailFileId} label={t('adminThumbnail')} />}
      <Table<Spec>
        size="small"
        rowKey="name"
        pagination={false}
        dataSource={c.specs ?? []}
        columns={[
          { title: t('adminSpecName'), dataIndex: 'name' },
          {
            title: t('adminPurchaseMode'),
            dataIndex: 'purchaseMode',
            render: (m: Spec['purchaseMode']) => t(purchaseModeWords[m]),
          },
          { title: t('price'), dataIndex: 'price', render: (fen?: number) => `¥${yuan(fen ?? 0)}` },
        ]}
      />
      <Table<CaseStudy>
        size="small"
        rowKey="documentFileId"
        pagination={false}
        dataSource={c.cases ?? []}
        columns={[
          { title: t('adminCaseCustomer'), dataIndex: 'customer' },
          { title: t('adminCaseSaleAmount'), dataIndex: 'saleAmount', render: (fen: number) => `¥${yuan(fen)}` },
          { title: t('adminCaseMonths'), dataIndex: 'deliveryMonths' },
          {
            title: t('adminCaseDocument'),
            dataIndex: 'documentFileId',
            render: (fileId: string) => <AttachmentButton fileId={fileId} label={t('adminOpenFile')} />,
          },
        ]}
      />
    </Space>
  );
}
