import { useEffect, useState } from 'react';
import { Alert, Input } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { client, unwrap } from '../../api/client.ts';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';

interface DirectoryLookupProps {
  value?: string;
  onChange?: (name: string) => void;
}

/**
 * QUA-3 (seed 004 (一)4 查询名录): the full name looked up in the
 * eligible-provider directory as it is typed; only a listed name may apply.
 */
export function DirectoryLookup({ value = '', onChange }: DirectoryLookupProps) {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const [asked, setAsked] = useState(value.trim());
  useEffect(() => {
    const timer = setTimeout(() => setAsked(value.trim()), 300);
    return () => clearTimeout(timer);
  }, [value]);
  const lookup = useQuery({
    queryKey: ['provider-directory', asked],
    enabled: asked.length >= 2,
    queryFn: () =>
      unwrap(client.GET('/api/v1/qualification/provider-directory', { params: { query: { name: asked } } })),
  });
  return (
    <>
      <Input
        value={value}
        onChange={(e) => onChange?.(e.target.value)}
        maxLength={100}
        placeholder={t('fullNamePlaceholder')}
      />
      {lookup.error && <Alert type="error" title={describe(lookup.error)} style={{ marginTop: 8 }} />}
      {lookup.data && (
        <Alert
          data-testid="directory-result"
          style={{ marginTop: 8 }}
          type={lookup.data.inDirectory ? 'success' : 'warning'}
          title={
            lookup.data.inDirectory
              ? `${t('inDirectory')}${lookup.data.region ? `（${lookup.data.region}）` : ''}`
              : t('notInDirectory')
          }
        />
      )}
    </>
  );
}
