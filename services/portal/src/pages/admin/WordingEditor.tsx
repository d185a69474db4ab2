import { useState } from 'react';
import { App, Button, Col, Collapse, Input, Row, Space, Spin, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  messageLocales,
  notificationsSettingsSchema,
  type MessageLocale,
  type NotificationsSettingsView,
  type TemplateOverride,
} from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { serverIssues, zodIssues, type FieldIssue } from '../../forms/field-issues.ts';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { kindWords } from '../../i18n/notification-messages.ts';
import { LoadError, ProblemsAlert } from '../../components/ErrorAlerts.tsx';

const QUERY_KEY = ['admin', 'settings', 'notifications'];
const localeNames: Record<MessageLocale, string> = { 'zh-CN': '中文', en: 'English' };

/** What the administrator typed, by `<template> <locale>`; both fields empty: the platform's words. */
type Drafts = Record<string, { title: string; body: string }>;
const draftKey = (template: string, locale: MessageLocale) => `${template} ${locale}`;

function draftsOf(view: NotificationsSettingsView): Drafts {
  return Object.fromEntries(
    view.templateOverrides.map((o) => [draftKey(o.template, o.locale), { title: o.title, body: o.body }]),
  );
}

/** The overrides to save, in the catalogue's order: a pair with anything typed in it (an empty half is refused). */
function overridesOf(view: NotificationsSettingsView, drafts: Drafts): TemplateOverride[] {
  return view.templates.flatMap((t) =>
    messageLocales.flatMap((locale) => {
      const d = drafts[draftKey(t.template, locale)];
      return d && (d.title.trim() !== '' || d.body.trim() !== '')
        ? [{ template: t.template, locale, title: d.title, body: d.body }]
        : [];
    }),
  );
}

/** `templateOverrides.3.body` → `order.accepted · English · body: …`: which of the typed texts is at fault. */
function problemText(issue: FieldIssue, sent: readonly TemplateOverride[]): string {
  const [, index, field] = issue.path.split('.');
  const o = index === undefined ? undefined : sent[Number(index)];
  return o ? `${o.template} · ${localeNames[o.locale]}${field ? ` · ${field}` : ''}: ${issue.message}` : issue.message;
}

/**
 * DOMAIN §0b, issue 18: the programme's own wording of the notification
 * templates. Each template with its variables and the platform's words; the
 * administrator words a template in a language or leaves it to the platform.
 * The contracts' schema checks the shape here, the service checks the keys and
 * variables, and either refusal is shown against the template it names.
 */
export function WordingEditor() {
  const { t } = useLanguage();
  const current = useQuery({
    queryKey: QUERY_KEY,
    queryFn: () => unwrap(client.GET('/api/v1/admin/settings/notifications')),
  });
  if (current.isLoading) return <Spin />;
  if (current.isError || !current.data) return <LoadError error={current.error} retry={() => void current.refetch()} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('adminWordingHint')}</Typography.Paragraph>
      <WordingForm view={current.data} />
    </Space>
  );
}

function WordingForm({ view }: { view: NotificationsSettingsView }) {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [drafts, setDrafts] = useState<Drafts>(() => draftsOf(view));
  const [problems, setProblems] = useState<string[]>([]);
  const save = useMutation({
    mutationFn: (templateOverrides: TemplateOverride[]) =>
      unwrap(client.PUT('/api/v1/admin/settings/notifications', { body: { templateOverrides } })),
    onSuccess: (saved) => {
      queries.setQueryData(QUERY_KEY, saved);
      setDrafts(draftsOf(saved));
      setProblems([]);
      message.success(t('adminSaved'));
    },
    onError: (e, sent) => {
      const issues = serverIssues(e);
      setProblems(issues.length > 0 ? issues.map((i) => problemText(i, sent)) : [describe(e)]);
    },
  });
  const type = (key: string, field: 'title' | 'body', value: string) =>
    setDrafts((all) => ({ ...all, [key]: { title: '', body: '', ...all[key], [field]: value } }));
  const submit = () => {
    const templateOverrides = overridesOf(view, drafts);
    const checked = notificationsSettingsSchema.safeParse({ templateOverrides });
    if (!checked.success) return setProblems(zodIssues(checked.error).map((i) => problemText(i, templateOverrides)));
    setProblems([]);
    save.mutate(checked.data.templateOverrides);
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Collapse
        data-testid="wording-templates"
        items={view.templates.map((entry) => {
          const own = messageLocales.filter((l) => {
            const d = drafts[draftKey(entry.template, l)];
            return d && (d.title !== '' || d.body !== '');
          });
          return {
            key: entry.template,
            label: (
              <Space wrap>
                <Typography.Text code>{entry.template}</Typography.Text>
                <Typography.Text>{entry.platform['zh-CN'].title}</Typography.Text>
                <Tag>{t(kindWords[entry.kind])}</Tag>
                {own.length > 0 && (
                  <Tag color="blue" data-testid={`wording-own-${entry.template}`}>
                    {t('adminWordingOwn')} · {own.map((l) => localeNames[l]).join(' / ')}
                  </Tag>
                )}
              </Space>
            ),
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Typography.Text type="secondary">
                  {t('adminWordingVariables')}：
                  {entry.variables.length > 0
                    ? entry.variables.map((v) => <Tag key={v}>{`{${v}}`}</Tag>)
                    : t('adminWordingNone')}
                </Typography.Text>
                <Row gutter={16}>
                  {messageLocales.map((locale) => {
                    const key = draftKey(entry.template, locale);
                    const d = drafts[key] ?? { title: '', body: '' };
                    const platform = entry.platform[locale];
                    const testId = `wording-${entry.template}-${locale}`;
                    return (
                      <Col xs={24} lg={12} key={locale}>
                        <Typography.Title level={5}>{localeNames[locale]}</Typography.Title>
                        <Typography.Paragraph type="secondary" data-testid={`${testId}-platform`}>
                          {t('adminWordingPlatform')}：{platform.title} — {platform.body}
                        </Typography.Paragraph>
                        <Space direction="vertical" style={{ width: '100%' }}>
                          <Input
                            aria-label={`${entry.template} ${localeNames[locale]} ${t('adminWordingTitle')}`}
                            data-testid={`${testId}-title`}
                            placeholder={t('adminWordingTitle')}
                            value={d.title}
                            onChange={(e) => type(key, 'title', e.target.value)}
                          />
                          <Input.TextArea
                            aria-label={`${entry.template} ${localeNames[locale]} ${t('adminWordingBody')}`}
                            data-testid={`${testId}-body`}
                            placeholder={t('adminWordingBody')}
                            autoSize={{ minRows: 2, maxRows: 8 }}
                            value={d.body}
                            onChange={(e) => type(key, 'body', e.target.value)}
                          />
                          <Space>
                            <Button
                              size="small"
                              data-testid={`${testId}-from-platform`}
                              onClick={() => setDrafts((all) => ({ ...all, [key]: { ...platform } }))}
                            >
                              {t('adminWordingFromPlatform')}
                            </Button>
                            <Button
                              size="small"
                              onClick={() => setDrafts((all) => ({ ...all, [key]: { title: '', body: '' } }))}
                            >
                              {t('adminWordingClear')}
                            </Button>
                          </Space>
                        </Space>
                      </Col>
                    );
                  })}
                </Row>
              </Space>
            ),
          };
        })}
      />
      <ProblemsAlert problems={problems} testId="wording-problems" />
      <Button type="primary" data-testid="wording-save" onClick={submit} loading={save.isPending}>
        {t('adminSave')}
      </Button>
    </Space>
  );
}
