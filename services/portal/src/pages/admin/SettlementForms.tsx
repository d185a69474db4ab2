import { Button, Space } from 'antd';
import { client, unwrap } from '../../api/client.ts';
import { saveBlob, useFileFetch } from '../../api/download.ts';
import { useLanguage } from '../../i18n/language.tsx';

type Format = 'pdf' | 'xlsx';

/** SET-4: the redemption form (兑现申请表) and the usage summary (使用情况明细汇总表), generated for signing. */
export function SettlementForms({ id }: { id: string }) {
  const { t } = useLanguage();
  const { busy, run } = useFileFetch<`${'form' | 'usage-summary'}.${Format}`>();
  const download = (which: 'form' | 'usage-summary', format: Format) => {
    const request = { params: { path: { id }, query: { format } }, parseAs: 'blob' as const };
    return run(
      `${which}.${format}`,
      () =>
        unwrap(
          which === 'form'
            ? client.GET('/api/v1/settlement/applications/{id}/form', request)
            : client.GET('/api/v1/settlement/applications/{id}/usage-summary', request),
        ),
      (blob) =>
        saveBlob(blob, `${which === 'form' ? t('adminRedemptionForm') : t('adminUsageSummary')}-${id}.${format}`),
    );
  };
  return (
    <Space wrap>
      {(['form', 'usage-summary'] as const).flatMap((which) =>
        (['pdf', 'xlsx'] as const).map((format) => (
          <Button
            key={`${which}.${format}`}
            size="small"
            loading={busy === `${which}.${format}`}
            onClick={() => void download(which, format)}
          >
            {which === 'form' ? t('adminRedemptionForm') : t('adminUsageSummary')} ({format.toUpperCase()})
          </Button>
        )),
      )}
    </Space>
  );
}
