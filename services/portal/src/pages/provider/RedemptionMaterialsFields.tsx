import { Button, Form, Select, Space } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { client, unwrap } from '../../api/client.ts';
import { useLanguage } from '../../i18n/language.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { FileUploadField } from '../../components/FileUploadField.tsx';

const materials: [string, MessageKey][] = [
  ['contract', 'materialContract'],
  ['invoice', 'materialInvoice'],
  ['receipt', 'materialReceipt'],
  ['priceEvidence', 'materialPriceEvidence'],
];

/** SET-2/5: the receiving account and the four materials (contract, invoice, receipt, price evidence). */
export function RedemptionMaterialsFields() {
  const { t } = useLanguage();
  const accounts = useQuery({
    queryKey: ['bank-accounts'],
    queryFn: () => unwrap(client.GET('/api/v1/settlement/bank-accounts')),
  });
  return (
    <>
      <Form.Item label={t('receivingAccount')} required>
        <Space.Compact style={{ width: '100%' }}>
          <Form.Item name="bankAccountId" noStyle rules={[{ required: true }]}>
            <Select
              data-testid="bank-account-select"
              loading={accounts.isLoading}
              options={(accounts.data?.items ?? []).map((a) => ({
                value: a.id,
                label: `${a.bank} ${a.branch} ${a.number}`,
              }))}
            />
          </Form.Item>
          <Link to="/workbench/bank-accounts">
            <Button>{t('addBankAccount')}</Button>
          </Link>
        </Space.Compact>
      </Form.Item>
      {materials.map(([name, label]) => (
        <Form.Item key={name} name={['materials', name]} label={t(label)} rules={[{ required: true }]}>
          <FileUploadField purpose="settlement_material" testId={`material-${name}`} />
        </Form.Item>
      ))}
      <Form.Item>
        <span style={{ color: 'rgba(0,0,0,0.45)' }}>{t('materialsHint')}</span>
      </Form.Item>
    </>
  );
}
