import { Alert, Button } from 'antd';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';

/** The error state of a page or a panel: what went wrong in the reader's words, and a retry. */
export function LoadError({ error, retry }: { error: unknown; retry?: () => void }) {
  const describe = useDescribeError();
  const { t } = useLanguage();
  return (
    <Alert
      type="error"
      showIcon
      title={describe(error)}
      data-testid="load-error"
      action={
        retry && (
          <Button size="small" onClick={retry}>
            {t('adminRetry')}
          </Button>
        )
      }
    />
  );
}
