import { useState } from 'react';
import { Button, Drawer, Form, Input, Result, Select, Space, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { orderStates } from '@voucher/contracts';
import type { paths } from '../../api/schema';
import { client, unwrap } from '../../api/client.ts';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { CustomerDetail } from './CustomerDetail.tsx';
import { orderStateWords } from './order-state-words.ts';
import { shanghaiDateTime } from '../../format/time.ts';

const PAGE_SIZE = 20;

/** The search of ORD-8: voucher number, company, district, order state (the route's own query, less paging). */
type CustomerSearch = Omit<
  NonNullable<paths['/api/v1/provider/customers']['get']['parameters']['query']>,
  'page' | 'pageSize'
>;

/** ORD-8 (seed 001 §2, §5): my customers, searched by voucher number, company, district or state. */
export function CustomersPage() {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const [search, setSearch] = useState<CustomerSearch>({});
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ['provider-customers', search, page],
    queryFn: () =>
      unwrap(client.GET('/api/v1/provider/customers', { params: { query: { ...search, page, pageSize: PAGE_SIZE } } })),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('customerManagement')}</Typography.Title>
      <Form
        layout="inline"
        name="customer-search"
        onFinish={(v: CustomerSearch) => {
          setSearch(Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== '')));
          setPage(1);
        }}
      >
        <Form.Item name="voucherNo" label={t('voucherNumber')}>
          <Input allowClear />
        </Form.Item>
        <Form.Item name="company" label={t('customerCompany')}>
          <Input allowClear />
        </Form.Item>
        <Form.Item name="district" label={t('customerDistrict')}>
          <Input allowClear />
        </Form.Item>
        <Form.Item name="state" label={t('state')}>
          <Select
            allowClear
            style={{ width: 140 }}
            options={orderStates.map((s) => ({ value: s, label: t(orderStateWords[s]) }))}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('search')}
        </Button>
      </Form>
      {list.error ? (
        <Result status="error" title={describe(list.error)} />
      ) : (
        <Table
          rowKey="enterpriseId"
          data-testid="customers"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t('empty') }}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage }}
          columns={[
            {
              title: t('customerCompany'),
              render: (_: unknown, c) => (
                <Button type="link" onClick={() => setOpen(c.enterpriseId)}>
                  {c.companyName ?? c.enterpriseId}
                </Button>
              ),
            },
            { title: t('customerDistrict'), dataIndex: 'district', render: (v: string | null) => v ?? '—' },
            { title: t('orderCount'), dataIndex: 'orders' },
            { title: t('lastOrderAt'), dataIndex: 'lastOrderAt', render: shanghaiDateTime },
          ]}
        />
      )}
      <Drawer open={open !== null} onClose={() => setOpen(null)} width={760} title={t('customerDetail')}>
        {open && <CustomerDetail enterpriseId={open} />}
      </Drawer>
    </Space>
  );
}
