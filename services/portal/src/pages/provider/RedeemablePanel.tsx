import { useState } from 'react';
import { Alert, Button, Space } from 'antd';
import { applicationBody } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { CrudTable, usePagedQuery } from '../../components/CrudTable.tsx';
import { ModalForm } from '../../components/CheckedForms.tsx';
import { yuan } from '../../format/money.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { RedemptionMaterialsFields } from './RedemptionMaterialsFields.tsx';
import { shanghaiDateTime } from '../../format/time.ts';

/** SET-2 (seed 002 1.4.7.1): voucher payments of completed orders, chosen for one redemption application. */
export function RedeemablePanel({ onApplied }: { onApplied: () => void }) {
  const { t } = useLanguage();
  const [selected, setSelected] = useState<string[]>([]);
  const [applying, setApplying] = useState(false);
  const list = usePagedQuery(['redeemable'], (query) =>
    unwrap(client.GET('/api/v1/settlement/redeemable', { params: { query } })),
  );
  const chosenAmount = (list.query.data?.items ?? [])
    .filter((i) => selected.includes(i.id))
    .reduce((sum, i) => sum + i.amount, 0);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Alert type="info" title={t('redeemOnlyCompleted')} />
      <Space>
        <Button
          type="primary"
          disabled={selected.length === 0}
          onClick={() => setApplying(true)}
          data-testid="start-redemption"
        >
          {t('startRedemption')}
        </Button>
        <span data-testid="selected-amount">
          {t('selectedCount')} {selected.length}，¥{yuan(chosenAmount)}
        </span>
      </Space>
      <CrudTable
        {...list}
        rowKey="id"
        data-testid="redeemable"
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) }}
        columns={[
          { title: t('voucherNumber'), dataIndex: 'voucherNumber' },
          { title: t('wbVoucherCategory'), dataIndex: 'category' },
          { title: t('deductedAmount'), dataIndex: 'amount', render: (v: number) => `¥${yuan(v)}` },
          { title: t('claimingEnterprise'), dataIndex: 'enterpriseName' },
          { title: t('wbOrderNo'), dataIndex: 'orderNo' },
          { title: t('completedAt'), dataIndex: 'completedAt', render: shanghaiDateTime },
        ]}
      />
      <ModalForm
        open={applying}
        onClose={() => setApplying(false)}
        title={`${t('startRedemption')}（¥${yuan(chosenAmount)}）`}
        okText={t('okButton')}
        width={640}
        name="redemption"
        schema={applicationBody}
        body={(v: object) => ({ ...v, paymentIds: selected })}
        send={(body) => unwrap(client.POST('/api/v1/settlement/applications', { body }))}
        done={t('redemptionApplied')}
        refresh={[['redeemable'], ['my-redemptions']]}
        onSent={() => {
          setSelected([]);
          onApplied();
        }}
      >
        <RedemptionMaterialsFields />
      </ModalForm>
    </Space>
  );
}
