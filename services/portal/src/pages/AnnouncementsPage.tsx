import { Collapse, Empty } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { client, unwrap } from '../api/client.ts';
import { useLanguage } from '../i18n/language.tsx';

/** Programme notices, newest first, with their attachments (public files). */
export function AnnouncementsPage() {
  const { t } = useLanguage();
  const list = useQuery({
    queryKey: ['announcements'],
    queryFn: () => unwrap(client.GET('/api/v1/announcements', { params: { query: { page: 1, pageSize: 50 } } })),
  });
  if (!list.data?.items.length) return <Empty description={t('empty')} />;
  return (
    <Collapse
      items={list.data.items.map((a) => ({
        key: a.id,
        label: `${a.title}（${a.publishAt.slice(0, 10)}）`,
        children: (
          <>
            <p style={{ whiteSpace: 'pre-wrap' }}>{a.body}</p>
            {a.attachmentFileIds.map((f, i) => (
              <div key={f}>
                <a href={`/api/v1/files/${f}`}>附件 {i + 1}</a>
              </div>
            ))}
          </>
        ),
      }))}
    />
  );
}
