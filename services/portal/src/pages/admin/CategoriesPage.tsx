import { useState } from 'react';
import { Button } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { CategoryView } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { CrudTable } from '../../components/CrudTable.tsx';
import { TitledPage } from '../../components/TitledPage.tsx';
import { yuan } from '../../format/money.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { CategoryForm } from './CategoryForm.tsx';

/** LOT-1: the programme's voucher categories (the API lists them all: a programme has a handful). */
export function CategoriesPage() {
  const { t } = useLanguage();
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    queryKey: ['admin', 'categories'],
    queryFn: () => unwrap(client.GET('/api/v1/lottery/categories')),
  });
  return (
    <TitledPage
      title={t('adminCategories')}
      actions={
        <Button type="primary" onClick={() => setCreating(true)}>
          {t('adminNewCategory')}
        </Button>
      }
    >
      <CrudTable
        query={list}
        rowKey="code"
        data-testid="categories"
        columns={[
          { title: t('adminCategoryCode'), dataIndex: 'code' },
          { title: t('adminCategoryName'), dataIndex: 'name' },
          { title: t('faceValue'), dataIndex: 'faceValue', render: (fen: number) => `¥${yuan(fen)}` },
          {
            title: t('adminValidity'),
            render: (_: unknown, c) =>
              c.validityDays ? `${c.validityDays} ${t('adminDays')}` : `${t('validUntil')} ${c.validUntil}`,
          },
          {
            title: t('adminRedemptionMode'),
            dataIndex: 'redemptionMode',
            render: (m: CategoryView['redemptionMode']) =>
              t(m === 'balance' ? 'adminModeBalance' : 'adminModeSingleUse'),
          },
          { title: t('adminAnnualLimit'), dataIndex: 'annualLimit' },
        ]}
      />
      <CategoryForm open={creating} onClose={() => setCreating(false)} />
    </TitledPage>
  );
}
