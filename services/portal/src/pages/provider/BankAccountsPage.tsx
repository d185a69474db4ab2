import { useState } from 'react';
import { Button, Form, Input, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { bankAccountBody, type BankAccount } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { CrudTable, RemoveButton } from '../../components/CrudTable.tsx';
import { ModalForm } from '../../components/CheckedForms.tsx';
import { TitledPage } from '../../components/TitledPage.tsx';
import { useLanguage } from '../../i18n/language.tsx';
import { shanghaiDateTime } from '../../format/time.ts';

/** SET-1 (seed 002 1.5 收款账号管理): the provider's corporate accounts, in its own name. */
export function BankAccountsPage() {
  const { t } = useLanguage();
  const [editing, setEditing] = useState<BankAccount | 'new' | null>(null);
  const list = useQuery({
    queryKey: ['bank-accounts'],
    queryFn: () => unwrap(client.GET('/api/v1/settlement/bank-accounts')),
  });
  return (
    <TitledPage
      level={3}
      title={t('bankAccounts')}
      actions={
        <Button type="primary" onClick={() => setEditing('new')} data-testid="add-bank-account">
          {t('addBankAccount')}
        </Button>
      }
    >
      <Typography.Text type="secondary">{t('corporateAccountOnly')}</Typography.Text>
      <CrudTable
        query={list}
        rowKey="id"
        data-testid="bank-accounts"
        pagination={false}
        columns={[
          { title: t('bankName'), dataIndex: 'bank' },
          { title: t('bankBranch'), dataIndex: 'branch' },
          { title: t('accountName'), dataIndex: 'accountName' },
          { title: t('accountNumber'), dataIndex: 'number' },
          { title: t('createdTime'), dataIndex: 'createdAt', render: shanghaiDateTime },
        ]}
        rowActions={(a) => (
          <>
            <Button size="small" onClick={() => setEditing(a)}>
              {t('edit')}
            </Button>
            <RemoveButton
              confirm={t('confirmDeleteAccount')}
              name={a.number}
              send={() =>
                unwrap(client.DELETE('/api/v1/settlement/bank-accounts/{id}', { params: { path: { id: a.id } } }))
              }
              refresh={['bank-accounts']}
            />
          </>
        )}
      />
      {editing && <BankAccountModal account={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </TitledPage>
  );
}

/** 新增收款账号 / its correction: bank, branch, account name (the provider's), number. */
function BankAccountModal({ account, onClose }: { account: BankAccount | null; onClose: () => void }) {
  const { t } = useLanguage();
  return (
    <ModalForm
      open
      onClose={onClose}
      title={account ? t('editBankAccount') : t('addBankAccount')}
      okText={t('okButton')}
      name="bank-account"
      initialValues={account ?? {}}
      schema={bankAccountBody}
      send={(body) =>
        unwrap(
          account
            ? client.PATCH('/api/v1/settlement/bank-accounts/{id}', { params: { path: { id: account.id } }, body })
            : client.POST('/api/v1/settlement/bank-accounts', { body }),
        )
      }
      done={t('bankAccountSaved')}
      refresh={[['bank-accounts']]}
    >
      <Form.Item name="bank" label={t('bankName')} rules={[{ required: true }]}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="branch" label={t('bankBranch')} rules={[{ required: true }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="accountName" label={t('accountName')} extra={t('accountNameHint')} rules={[{ required: true }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="number" label={t('accountNumber')} rules={[{ required: true }]}>
        <Input maxLength={30} />
      </Form.Item>
    </ModalForm>
  );
}
