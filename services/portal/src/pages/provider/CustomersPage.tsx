import { useState } from 'react';
import { Button, Drawer, Form, Input, Select } from 'antd';
import { orderStates } from '@voucher/contracts';
import type { paths } from '../../api/schema';
import { client, unwrap } from '../../api/client.ts';
import { CrudTable, usePagedQuery } from '../../components/CrudTable.tsx';
import { SearchForm } from '../../components/SearchForm.tsx';
import { TitledPage } from '../../components/TitledPage.tsx';
import { useLanguage } from '../../i18n/language.tsx';
import { CustomerDetail } from './CustomerDetail.tsx';
import { orderStateWords } from './order-state-words.ts';
import { shanghaiDateTime } from '../../format/time.ts';

/** The search of ORD-8: voucher number, company, district, order state (the route's own query, less paging). */
type CustomerSearch = Omit<
  NonNullable<paths['/api/v1/provider/customers']['get']['parameters']['query']>,
  'page' | 'pageSize'
>;

/** ORD-8 (seed 001 §2, §5): my customers, searched by voucher number, company, district or state. */
export function CustomersPage() {
  const { t } = useLanguage();
  const [search, setSearch] = useState<Partial<CustomerSearch>>({});
  const [open, setOpen] = useState<string | null>(null);
  const list = usePagedQuery(['provider-customers', search], (query) =>
    unwrap(client.GET('/api/v1/provider/customers', { params: { query: { ...search, ...query } } })),
  );
  return (
    <TitledPage level={3} title={t('customerManagement')}>
      <SearchForm<CustomerSearch> list={list} onSearch={setSearch} name="customer-search">
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
      </SearchForm>
      <CrudTable
        {...list}
        rowKey="enterpriseId"
        data-testid="customers"
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
      <Drawer open={open !== null} onClose={() => setOpen(null)} width={760} title={t('customerDetail')}>
        {open && <CustomerDetail enterpriseId={open} />}
      </Drawer>
    </TitledPage>
  );
}
