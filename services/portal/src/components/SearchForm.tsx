import type { ReactNode } from 'react';
import { Button, Form } from 'antd';
import { useLanguage } from '../i18n/language.tsx';
import type { PagedList } from './CrudTable.tsx';

/**
 * The search above a paged list: its fields in a row, then 搜索. The search gets the fields given (an empty one
 * narrows nothing) and the list shows its first page, even for the same search again.
 */
export function SearchForm<V extends object>({
  list,
  onSearch,
  name,
  children,
}: {
  list: PagedList<unknown>;
  onSearch: (given: Partial<V>) => void;
  name?: string;
  children: ReactNode;
}) {
  const { t } = useLanguage();
  return (
    <Form<V>
      layout="inline"
      name={name}
      style={{ rowGap: 8 }}
      onFinish={(values) => {
        onSearch(
          Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== '')) as Partial<V>,
        );
        list.paging.setPage(1);
      }}
    >
      {children}
      <Button type="primary" htmlType="submit">
        {t('search')}
      </Button>
    </Form>
  );
}
