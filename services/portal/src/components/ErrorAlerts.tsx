import { Alert, Button } from 'antd';
import { useDescribeError } from '../i18n/error-text.ts';
import { useLanguage } from '../i18n/language.tsx';

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
            {t('retry')}
          </Button>
        )
      }
    />
  );
}

/** Why the last try of a form was refused, above its submit button (`form-error`: the journeys read it there). */
export function FormError({ text }: { text: string | null }) {
  return text ? <Alert type="error" title={text} style={{ marginBottom: 16 }} data-testid="form-error" /> : null;
}

/** What keeps a form from being saved, a line each, under a heading where the lines need one. */
export function ProblemsAlert({ heading, problems, testId }: { heading?: string; problems: string[]; testId: string }) {
  if (problems.length === 0) return null;
  const lines = (
    <ul style={{ margin: 0, paddingLeft: 20 }}>
      {problems.map((p, i) => (
        <li key={i}>{p}</li>
      ))}
    </ul>
  );
  return heading ? (
    <Alert type="error" data-testid={testId} title={heading} description={lines} />
  ) : (
    <Alert type="error" data-testid={testId} title={lines} />
  );
}
