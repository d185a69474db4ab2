import { useState } from 'react';
import { App, Button, Form, Input, Modal, Result, Space, Table, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { bankAccountBody, type BankAccount } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import type { ApiBody } from './api-body.ts';
import { checked, serverIssues, showIssues, useIssueText } from '../../forms/field-issues.ts';
import { shanghaiDateTime } from '../../format/time.ts';

type AccountForm = ApiBody<'/api/v1/settlement/bank-accounts', 'post'>;

/** SET-1 (seed 002 1.5 收款账号管理): the provider's corporate accounts, in its own name. */
export function BankAccountsPage() {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const { message, modal } = App.useApp();
  const queries = useQueryClient();
  const [editing, setEditing] = useState<BankAccount | 'new' | null>(null);
  const list = useQuery({
    queryKey: ['bank-accounts'],
    queryFn: () => unwrap(client.GET('/api/v1/settlement/bank-accounts')),
  });
  const remove = useMutation({
    mutationFn: (id: string) =>
      unwrap(client.DELETE('/api/v1/settlement/bank-accounts/{id}', { params: { path: { id } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['bank-accounts'] }),
    onError: (e) => message.error(describe(e)),
  });
  if (list.error) return <Result status="error" title={describe(list.error)} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3}>{t('bankAccounts')}</Typography.Title>
        <Button type="primary" onClick={() => setEditing('new')} data-testid="add-bank-account">
          {t('addBankAccount')}
        </Button>
      </Space>
      <Typography.Text type="secondary">{t('corporateAccountOnly')}</Typography.Text>
      <Table
        rowKey="id"
        data-testid="bank-accounts"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('empty') }}
        pagination={false}
        columns={[
          { title: t('bankName'), dataIndex: 'bank' },
          { title: t('bankBranch'), dataIndex: 'branch' },
          { title: t('accountName'), dataIndex: 'accountName' },
          { title: t('accountNumber'), dataIndex: 'number' },
          { title: t('createdTime'), dataIndex: 'createdAt', render: shanghaiDateTime },
          {
            title: t('actions'),
            render: (_: unknown, a) => (
              <Space>
                <Button size="small" onClick={() => setEditing(a)}>
                  {t('edit')}
                </Button>
                <Button
                  size="small"
                  danger
                  onClick={() =>
                    modal.confirm({
                      title: t('confirmDeleteAccount'),
                      content: a.number,
                      onOk: () => remove.mutateAsync(a.id),
                    })
                  }
                >
                  {t('remove')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {editing && <BankAccountModal account={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Space>
  );
}

/** 新增收款账号 / its correction: bank, branch, account name (the provider's), number. */
function BankAccountModal({ account, onClose }: { account: BankAccount | null; onClose: () => void }) {
  const { t } = useLanguage();
  const issueText = useIssueText();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<AccountForm>();
  const save = async () => {
    const body = checked(bankAccountBody, await form.validateFields(), form, issueText);
    if (!body) return;
    try {
      if (account) {
        await unwrap(
          client.PATCH('/api/v1/settlement/bank-accounts/{id}', { params: { path: { id: account.id } }, body }),
        );
      } else {
        await unwrap(client.POST('/api/v1/settlement/bank-accounts', { body }));
      }
      message.success(t('bankAccountSaved'));
      await queries.invalidateQueries({ queryKey: ['bank-accounts'] });
      onClose();
    } catch (e) {
      showIssues(form, serverIssues(e), issueText);
      message.error(describe(e));
    }
  };
  return (
    <Modal
      open
      title={account ? t('editBankAccount') : t('addBankAccount')}
      onOk={save}
      onCancel={onClose}
      okText={t('okButton')}
    >
      <Form form={form} name="bank-account" layout="vertical" initialValues={account ?? {}}>
        <Form.Item name="bank" label={t('bankName')} rules={[{ required: true }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="branch" label={t('bankBranch')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="accountName"
          label={t('accountName')}
          extra={t('accountNameHint')}
          rules={[{ required: true }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="number" label={t('accountNumber')} rules={[{ required: true }]}>
          <Input maxLength={30} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
