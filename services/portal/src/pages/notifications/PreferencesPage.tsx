import { useState } from 'react';
import { App, Button, Checkbox, Form, Input, Result, Space, Spin, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  deliveryChannels,
  preferencesUpdateSchema,
  type DeliveryChannel,
  type PreferencesView,
} from '@voucher/contracts';
import {
  notServedYet,
  notificationKeys,
  preferences as preferencesCall,
  updatePreferences,
} from '../../api/notifications.ts';
import { FormError } from '../../components/ErrorAlerts.tsx';
import { TitledPage } from '../../components/TitledPage.tsx';
import { checked, useFieldText } from '../../forms/field-issues.ts';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { channelWords, kindWords } from '../../i18n/notification-messages.ts';

type KindRow = PreferencesView['kinds'][number];

/** The form of a loaded view: the address, and the channel table as the user ticks it. */
function PreferencesForm({ view }: { view: PreferencesView }) {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const fieldText = useFieldText();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<{ email: string }>();
  const [rows, setRows] = useState<KindRow[]>(view.kinds);
  const save = useMutation({
    mutationFn: updatePreferences,
    onSuccess: (saved) => {
      queries.setQueryData(notificationKeys.preferences, saved);
      setRows(saved.kinds);
      message.success(t('prefSaved'));
    },
  });
  const tick = (kind: KindRow['kind'], channel: DeliveryChannel, on: boolean) =>
    setRows((current) => current.map((r) => (r.kind === kind ? { ...r, [channel]: on } : r)));
  const submit = () => {
    const email = (form.getFieldValue('email') ?? '').trim();
    // an essential kind always reaches the inbox: its box is not the user's to untick (issue 18 item 4)
    const body = checked(
      preferencesUpdateSchema,
      {
        email: email === '' ? null : email,
        kinds: rows.map(({ kind, essential, inbox, sms, email: byEmail }) => ({
          kind,
          inbox: essential ? true : inbox,
          sms,
          email: byEmail,
        })),
      },
      form,
      fieldText,
    );
    if (body) save.mutate(body);
  };
  return (
    <Form form={form} layout="vertical" initialValues={{ email: view.email ?? '' }} onFinish={submit}>
      <FormError text={save.error && describe(save.error)} />
      <Form.Item name="email" label={t('prefEmail')} extra={t('prefEmailHint')} style={{ maxWidth: 420 }}>
        <Input inputMode="email" autoComplete="email" />
      </Form.Item>
      <Table<KindRow>
        rowKey="kind"
        dataSource={rows}
        pagination={false}
        data-testid="preference-kinds"
        style={{ marginBottom: 16 }}
        columns={[
          {
            title: t('prefKind'),
            key: 'kind',
            render: (_: unknown, r) => (
              <Space>
                <span>{t(kindWords[r.kind])}</span>
                {r.essential && (
                  <Tag color="red" data-testid="essential">
                    {t('prefEssential')}
                  </Tag>
                )}
              </Space>
            ),
          },
          ...deliveryChannels.map((channel) => ({
            title: t(channelWords[channel]),
            key: channel,
            width: 120,
            render: (_: unknown, r: KindRow) => {
              const fixed = channel === 'inbox' && r.essential;
              return (
                <Checkbox
                  checked={fixed || r[channel]}
                  disabled={fixed}
                  aria-label={`${t(kindWords[r.kind])} ${t(channelWords[channel])}`}
                  onChange={(e) => tick(r.kind, channel, e.target.checked)}
                />
              );
            },
          })),
        ]}
      />
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        {t('prefSave')}
      </Button>
    </Form>
  );
}

/**
 * Issue 18 items 4 and 5, `/notifications/preferences`: the address email goes to, and per kind of message the
 * channels it comes by; an essential kind's inbox is ticked and cannot be unticked (必选). Saved with PUT; a
 * refusal shows the gateway's words (error-text.ts).
 */
export function PreferencesPage() {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const view = useQuery({ queryKey: notificationKeys.preferences, queryFn: preferencesCall });
  return (
    <TitledPage title={t('prefTitle')}>
      <Typography.Paragraph type="secondary">{t('prefIntro')}</Typography.Paragraph>
      {view.isLoading ? (
        <Spin />
      ) : view.error ? (
        <Result
          status={notServedYet(view.error) ? 'info' : 'error'}
          title={
            <span data-testid="preferences-unavailable">
              {notServedYet(view.error) ? t('prefUnavailable') : describe(view.error)}
            </span>
          }
        />
      ) : (
        view.data && <PreferencesForm view={view.data} />
      )}
    </TitledPage>
  );
}
