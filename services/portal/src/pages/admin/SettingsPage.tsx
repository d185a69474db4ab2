import { useEffect, useState } from 'react';
import { Alert, App, Button, Input, Space, Spin, Tabs } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  ordersSettingsSchema,
  qualificationSettingsSchema,
  settlementSettingsSchema,
  walletSettingsSchema,
} from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { zodIssues } from '../../forms/field-issues.ts';
import { LoadError } from '../../components/ErrorAlerts.tsx';
import { TitledPage } from '../../components/TitledPage.tsx';
import { WordingEditor } from './WordingEditor.tsx';

type Service = 'qualification' | 'wallet' | 'orders' | 'settlement';

/** DOMAIN §0b: each service's settings, the schema that judges them, and the words for its tab. */
const services: Record<Service, { label: MessageKey; schema: { safeParse: (v: unknown) => ParseResult } }> = {
  qualification: { label: 'adminSettingsQualification', schema: qualificationSettingsSchema },
  wallet: { label: 'adminSettingsWallet', schema: walletSettingsSchema },
  orders: { label: 'adminSettingsOrders', schema: ordersSettingsSchema },
  settlement: { label: 'adminSettingsSettlement', schema: settlementSettingsSchema },
};

type ParseResult =
  { success: true; data: unknown } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };

function read(service: Service): Promise<unknown> {
  switch (service) {
    case 'qualification':
      return unwrap(client.GET('/api/v1/admin/settings/qualification'));
    case 'wallet':
      return unwrap(client.GET('/api/v1/admin/settings/wallet'));
    case 'orders':
      return unwrap(client.GET('/api/v1/admin/settings/orders'));
    case 'settlement':
      return unwrap(client.GET('/api/v1/admin/settings/settlement'));
  }
}

/** The body was checked against the service's own schema from libs/contracts just before. */
function write(service: Service, body: unknown): Promise<unknown> {
  switch (service) {
    case 'qualification':
      return unwrap(
        client.PUT('/api/v1/admin/settings/qualification', { body: qualificationSettingsSchema.parse(body) }),
      );
    case 'wallet':
      return unwrap(client.PUT('/api/v1/admin/settings/wallet', { body: walletSettingsSchema.parse(body) }));
    case 'orders':
      return unwrap(client.PUT('/api/v1/admin/settings/orders', { body: ordersSettingsSchema.parse(body) }));
    case 'settlement':
      return unwrap(client.PUT('/api/v1/admin/settings/settlement', { body: settlementSettingsSchema.parse(body) }));
  }
}

/** One service's settings as JSON (the schemas are nested: districts, survey questions, per-city totals). */
function SettingsEditor({ service }: { service: Service }) {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const current = useQuery({ queryKey: ['admin', 'settings', service], queryFn: () => read(service) });
  const [text, setText] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  useEffect(() => {
    if (current.data) setText(JSON.stringify(current.data, null, 2));
  }, [current.data]);
  const save = useMutation({
    mutationFn: (body: unknown) => write(service, body),
    onSuccess: () => {
      message.success(t('adminSaved'));
      void queries.invalidateQueries({ queryKey: ['admin', 'settings', service] });
    },
    onError: (e) => setProblems([describe(e)]),
  });
  const submit = () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return setProblems([t('adminNotJson')]);
    }
    const checked = services[service].schema.safeParse(parsed);
    if (!checked.success) return setProblems(zodIssues(checked.error).map((i) => `${i.path}: ${i.message}`));
    setProblems([]);
    save.mutate(checked.data);
  };
  if (current.isLoading) return <Spin />;
  if (current.isError) return <LoadError error={current.error} retry={() => void current.refetch()} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input.TextArea
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoSize={{ minRows: 10, maxRows: 30 }}
        style={{ fontFamily: 'monospace' }}
      />
      {problems.length > 0 && <Alert type="error" title={problems.join('；')} />}
      <Button type="primary" onClick={submit} loading={save.isPending}>
        {t('adminSave')}
      </Button>
    </Space>
  );
}

/** Programme settings (DOMAIN §0b), each kept by the service that enforces it; every change is audited. */
export function SettingsPage() {
  const { t } = useLanguage();
  return (
    <TitledPage title={t('adminSettings')}>
      <Tabs
        destroyOnHidden
        items={[
          ...(Object.keys(services) as Service[]).map((s) => ({
            key: s,
            label: t(services[s].label),
            children: <SettingsEditor service={s} />,
          })),
          // issue 18: the programme's wording of the messages, a form of its own rather than JSON
          { key: 'notifications', label: t('adminSettingsNotifications'), children: <WordingEditor /> },
        ]}
      />
    </TitledPage>
  );
}
