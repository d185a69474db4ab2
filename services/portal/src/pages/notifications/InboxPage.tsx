import { useEffect, useRef, useState } from 'react';
import { App, Badge, Button, Empty, Modal, Space, Switch, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import type { MessageView } from '@voucher/contracts';
import {
  inboxPage,
  markAllRead,
  markRead,
  messageLocale,
  notificationKeys,
  unreadCount as unreadCountCall,
} from '../../api/notifications.ts';
import { CrudTable, usePagedQuery } from '../../components/CrudTable.tsx';
import { TitledPage } from '../../components/TitledPage.tsx';
import { shanghaiDateTime } from '../../format/time.ts';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { kindWords } from '../../i18n/notification-messages.ts';

/**
 * Issue 18 item 5, the inbox (`/notifications`): the signed-in user's messages, newest first and paged by the
 * server, the unread in bold, each in the reader's language (every message carries both). Opening one marks it
 * read; "mark all read" reads them all; "unread only" narrows the list. The bell follows each change.
 */
export function InboxPage() {
  const { t, language } = useLanguage();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [open, setOpen] = useState<MessageView | null>(null);
  const locale = messageLocale(language);

  const list = usePagedQuery(notificationKeys.inbox(unreadOnly), ({ page, pageSize }) =>
    inboxPage(page, pageSize, unreadOnly),
  );
  // the bell's query: when its number rises, a message has come, and the open page is read again
  const unread = useQuery({ queryKey: notificationKeys.unread, queryFn: unreadCountCall });
  const unreadNow = unread.data?.unread;
  const unreadBefore = useRef(unreadNow);
  useEffect(() => {
    if (unreadNow !== undefined && unreadBefore.current !== undefined && unreadNow > unreadBefore.current)
      void queries.invalidateQueries({ queryKey: [...notificationKeys.all, 'inbox'] });
    unreadBefore.current = unreadNow;
  }, [unreadNow, queries]);
  // each reply says how many remain unread: the bell takes it at once, the list is read again
  const settled = (reply: { unread: number }) => {
    queries.setQueryData(notificationKeys.unread, { unread: reply.unread });
    return queries.invalidateQueries({ queryKey: [...notificationKeys.all, 'inbox'] });
  };
  const readOne = useMutation({ mutationFn: (id: string) => markRead([id]), onSuccess: settled });
  const readAll = useMutation({
    mutationFn: markAllRead,
    onSuccess: async (reply) => {
      await settled(reply);
      message.success(t('notifMarkedAllRead'));
    },
    onError: (e) => message.error(describe(e)),
  });

  const openMessage = (m: MessageView) => {
    setOpen(m);
    if (m.readAt === null) readOne.mutate(m.id);
  };

  return (
    <TitledPage
      title={t('notifInbox')}
      actions={
        <Space wrap>
          <Space>
            <Switch
              checked={unreadOnly}
              onChange={setUnreadOnly}
              aria-label={t('notifUnreadOnly')}
              data-testid="unread-only"
            />
            <span>{t('notifUnreadOnly')}</span>
          </Space>
          <Button
            onClick={() => readAll.mutate()}
            loading={readAll.isPending}
            disabled={(unread.data?.unread ?? 0) === 0}
            data-testid="mark-all-read"
          >
            {t('notifMarkAllRead')}
          </Button>
          <Link to="/notifications/preferences">{t('notifPreferences')}</Link>
        </Space>
      }
    >
      <CrudTable
        {...list}
        rowKey="id"
        showHeader={false}
        data-testid="inbox"
        empty={
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={<span data-testid="inbox-empty">{t(unreadOnly ? 'notifNoneUnread' : 'notifNone')}</span>}
          />
        }
        pagination={{ hideOnSinglePage: true }}
        onRow={(m) => ({
          onClick: () => openMessage(m),
          style: { cursor: 'pointer' },
          'data-testid': 'inbox-message',
          'data-unread': m.readAt === null ? 'true' : 'false',
        })}
        columns={[
          {
            key: 'state',
            width: 28,
            render: (_: unknown, m) =>
              m.readAt === null ? <Badge status="processing" aria-label={t('notifUnread')} /> : null,
          },
          {
            key: 'message',
            render: (_: unknown, m) => (
              <>
                <Typography.Text strong={m.readAt === null} data-testid="message-title">
                  {m.title[locale]}
                </Typography.Text>
                <Typography.Paragraph
                  type="secondary"
                  ellipsis={{ rows: 1 }}
                  style={{ margin: 0 }}
                  data-testid="message-excerpt"
                >
                  {m.body[locale]}
                </Typography.Paragraph>
              </>
            ),
          },
          { key: 'kind', width: 120, render: (_: unknown, m) => <Tag>{t(kindWords[m.kind])}</Tag> },
          { key: 'at', width: 150, render: (_: unknown, m) => shanghaiDateTime(m.createdAt) },
        ]}
      />
      <Modal
        open={open !== null}
        title={open?.title[locale]}
        onCancel={() => setOpen(null)}
        footer={
          <Button onClick={() => setOpen(null)} data-testid="message-close">
            {t('notifClose')}
          </Button>
        }
      >
        {open && (
          <>
            <Typography.Paragraph data-testid="message-body">{open.body[locale]}</Typography.Paragraph>
            <Typography.Text type="secondary">
              {t(kindWords[open.kind])} · {t('notifReceivedAt')} {shanghaiDateTime(open.createdAt)}
            </Typography.Text>
          </>
        )}
      </Modal>
    </TitledPage>
  );
}
