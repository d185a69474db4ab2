import { Alert, Card, Col, Empty, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import type { TodoView } from '@voucher/contracts';
import { messageLocale, notServedYet, notificationKeys, todoCounts, todos } from '../api/notifications.ts';
import { shanghaiDateTime } from '../format/time.ts';
import { useDescribeError } from '../i18n/error-text.ts';
import { CrudTable, usePagedQuery } from './CrudTable.tsx';
import { useLanguage } from '../i18n/language.tsx';
import { todoWords } from '../i18n/notification-messages.ts';
import type { MessageKey } from '../i18n/messages.ts';

const PAGE_SIZE = 10;
const OVERDUE = '#cf1322';
/** waiting work changes with others' steps: asked again as modestly as the bell */
const POLL_MS = 30_000;

/** The review queue that holds a reviewer's to-do, by what it is about. */
const reviewQueues: Record<string, string> = {
  enterprise_certification: '/admin/reviews/qualifications',
  provider_certification: '/admin/reviews/qualifications',
  voucher_qualification: '/admin/reviews/qualifications',
  qualification: '/admin/reviews/qualifications',
  product: '/admin/reviews/products',
  settlement: '/admin/reviews/settlements',
  general_voucher: '/admin/reviews/general-vouchers',
};

/** Where the work of a to-do is done: an order to accept on the provider's orders, a review in its queue... */
function todoLink(todo: Pick<TodoView, 'kind' | 'subjectType' | 'subjectId'>): string {
  switch (todo.kind) {
    case 'order_to_accept':
    case 'contract_to_upload':
    case 'service_record_to_write':
      return `/workbench/orders?order=${encodeURIComponent(todo.subjectId)}`;
    case 'order_to_confirm':
    case 'evaluation_to_give':
      return `/orders/${encodeURIComponent(todo.subjectId)}`;
    case 'voucher_to_use':
      return '/wallet';
    case 'review_queue':
      return reviewQueues[todo.subjectType] ?? '/admin';
  }
}

/** The first page of the list and the pages after it, oldest due first (the server's order). */
function TodoList() {
  const { t, language } = useLanguage();
  const list = usePagedQuery(notificationKeys.todos, ({ page, pageSize }) => todos(page, pageSize), {
    pageSize: PAGE_SIZE,
    refetchInterval: POLL_MS,
  });
  const locale = messageLocale(language);
  return (
    <CrudTable
      {...list}
      rowKey="id"
      size="small"
      showHeader={false}
      data-testid="todo-list"
      pagination={{ hideOnSinglePage: true }}
      columns={[
        { key: 'kind', width: 150, render: (_: unknown, x) => <Tag>{t(todoWords[x.kind])}</Tag> },
        {
          key: 'title',
          render: (_: unknown, x) => (
            <Link to={todoLink(x)} data-testid="todo-link">
              {x.title[locale]}
            </Link>
          ),
        },
        {
          key: 'due',
          width: 260,
          render: (_: unknown, x) => (
            <Space size={4}>
              {x.dueAt && (
                <Typography.Text style={x.overdue ? { color: OVERDUE } : undefined}>
                  {t('todoDue')} {shanghaiDateTime(x.dueAt)}
                </Typography.Text>
              )}
              {x.overdue && <Tag color="red">{t('todoOverdue')}</Tag>}
              {x.escalated && <Tag color="orange">{t('todoEscalated')}</Tag>}
            </Space>
          ),
        },
        {
          key: 'open',
          width: 80,
          render: (_: unknown, x) => <Link to={todoLink(x)}>{t('todoOpen')}</Link>,
        },
      ]}
    />
  );
}

/**
 * 我的待办 (issue 18 items 3 and 5) on an area's home page: the waiting work by kind with the overdue in red,
 * and the list, each item linking to where it is done. The to-do routes may not be served yet: a 404 or a 503
 * hides the panel rather than showing an error on the home page. `title`: where the page's own heading already
 * says 我的待办 (the console's landing page), the card says what it lists instead.
 */
export function TodoPanel({ title = 'todoTitle' }: { title?: MessageKey }) {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const counts = useQuery({
    queryKey: notificationKeys.todoCounts,
    queryFn: todoCounts,
    refetchInterval: POLL_MS,
    refetchOnWindowFocus: true,
  });
  if (counts.isLoading || notServedYet(counts.error)) return null;
  return (
    <Card
      title={t(title)}
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="todo-panel"
      extra={
        counts.data && (
          <Space>
            <span data-testid="todo-total">
              {t('todoTotal')} {counts.data.total}
            </span>
            {counts.data.overdue > 0 && (
              <span style={{ color: OVERDUE }} data-testid="todo-overdue">
                {t('todoOverdue')} {counts.data.overdue}
              </span>
            )}
          </Space>
        )
      }
    >
      {counts.error ? (
        <Alert type="error" title={describe(counts.error)} />
      ) : counts.data && counts.data.total === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={<span data-testid="todo-empty">{t('todoNone')}</span>}
        />
      ) : (
        <>
          <Row gutter={[16, 8]} style={{ marginBottom: 12 }}>
            {counts.data?.byKind
              .filter((k) => k.count > 0)
              .map((k) => (
                <Col key={k.kind} xs={12} sm={8} md={6}>
                  <Statistic
                    title={t(todoWords[k.kind])}
                    value={k.count}
                    data-testid={`todo-count-${k.kind}`}
                    suffix={
                      k.overdue > 0 ? (
                        <span style={{ color: OVERDUE, fontSize: 14 }}>
                          {t('todoOverdueCount')} {k.overdue}
                        </span>
                      ) : undefined
                    }
                  />
                </Col>
              ))}
          </Row>
          <TodoList />
        </>
      )}
    </Card>
  );
}
