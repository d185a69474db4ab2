import { useState, type ReactNode } from 'react';
import { App, Button, Select, Space, Table, type TableColumnsType, type TableProps } from 'antd';
import {
  hashKey,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryKey,
  type UseQueryResult,
} from '@tanstack/react-query';
import { useDescribeError } from '../i18n/error-text.ts';
import { useLanguage } from '../i18n/language.tsx';
import { LoadError } from './ErrorAlerts.tsx';

/** The rows a list shows at a time: what every paged list asks the server for. */
const PAGE_SIZE = 20;

/** Which page of a list the server pages is shown, and how to turn it. */
interface Paging {
  page: number;
  pageSize: number;
  setPage: (page: number) => void;
}

/** A list the server pages, as `CrudTable` takes it (`{...list}`). */
export interface PagedList<D> {
  query: UseQueryResult<D>;
  paging: Paging;
}

/**
 * A list the server pages (`{ items, total }`). `key` names it with whatever narrows it (a state, a search): a
 * change there starts again at the first page, as the narrower list may not have the page shown.
 */
export function usePagedQuery<D extends { items: unknown[]; total: number }>(
  key: QueryKey,
  fetch: (query: { page: number; pageSize: number }) => Promise<D>,
  { pageSize = PAGE_SIZE, refetchInterval }: { pageSize?: number; refetchInterval?: number } = {},
): PagedList<D> {
  const narrowing = hashKey(key);
  const [shown, setShown] = useState({ narrowing, page: 1 });
  const page = shown.narrowing === narrowing ? shown.page : 1;
  const query = useQuery({ queryKey: [...key, page], queryFn: () => fetch({ page, pageSize }), refetchInterval });
  return { query, paging: { page, pageSize, setPage: (next) => setShown({ narrowing, page: next }) } };
}

type CrudTableProps<T> = Omit<TableProps<T>, 'dataSource' | 'loading' | 'columns'> & {
  /** the list's query: its rows, its loading, and its error in the table's place */
  query: UseQueryResult<{ items: T[]; total?: number }>;
  /** a list the server pages (`usePagedQuery`); any other pages as `pagination` says */
  paging?: Paging;
  columns: TableColumnsType<T>;
  /** the words of an empty list, where "nothing yet" says too little */
  empty?: ReactNode;
  /** a row's buttons, in the last column */
  rowActions?: (row: T) => ReactNode;
};

/** A table of what a query lists, with its loading, empty and error states, paged as the list is. */
export function CrudTable<T extends object>({
  query,
  paging,
  columns,
  empty,
  rowActions,
  pagination,
  ...table
}: CrudTableProps<T>) {
  const { t } = useLanguage();
  if (query.isError) return <LoadError error={query.error} retry={() => void query.refetch()} />;
  return (
    <Table<T>
      {...table}
      loading={query.isLoading}
      dataSource={query.data?.items ?? []}
      locale={{ emptyText: empty ?? t('empty') }}
      pagination={
        paging
          ? {
              current: paging.page,
              pageSize: paging.pageSize,
              total: query.data?.total ?? 0,
              onChange: paging.setPage,
              // the server's page size is fixed: a size picker would page nothing
              showSizeChanger: false,
              ...pagination,
            }
          : pagination
      }
      columns={
        rowActions
          ? [
              ...columns,
              {
                title: t('actions'),
                key: 'actions',
                render: (_: unknown, row) => <Space wrap>{rowActions(row)}</Space>,
              },
            ]
          : columns
      }
    />
  );
}

/** A row's 删除, asked first with the row's name; its list is read again once the row is gone. */
export function RemoveButton({
  confirm,
  name,
  send,
  refresh,
  done,
}: {
  confirm: string;
  name: string;
  send: () => Promise<unknown>;
  refresh: QueryKey;
  done?: string;
}) {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const { message, modal } = App.useApp();
  const queries = useQueryClient();
  const remove = useMutation({
    mutationFn: send,
    onSuccess: () => {
      if (done) message.success(done);
      return queries.invalidateQueries({ queryKey: refresh });
    },
    onError: (e) => message.error(describe(e)),
  });
  return (
    <Button
      size="small"
      danger
      onClick={() => modal.confirm({ title: confirm, content: name, onOk: () => remove.mutateAsync() })}
    >
      {t('remove')}
    </Button>
  );
}

/** A list narrowed to one choice, or to none (cleared) for all of it; the placeholder says what it narrows by. */
export function FilterSelect<T extends string>({
  placeholder,
  value,
  onChange,
  options,
  width = 160,
}: {
  placeholder: string;
  value: T | undefined;
  onChange: (value: T | undefined) => void;
  options: { value: T; label: string }[];
  width?: number;
}) {
  return (
    <Select<T>
      allowClear
      style={{ width }}
      placeholder={placeholder}
      value={value}
      onChange={onChange}
      options={options}
    />
  );
}
