import { useState } from 'react';
import { App, Button, Space } from 'antd';
import { client, unwrap } from '../../api/client.ts';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { saveBlob } from './stored-files.ts';

type Format = 'pdf' | 'xlsx';

/** SET-4: the redemption form (兑现申请表) and the usage summary (使用情况明细汇总表), generated for signing. */
export function SettlementForms({ id }: { id: string }) {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const download = async (which: 'form' | 'usage-summary', format: Format) => {
    setBusy(`${which}.${format}`);
    const request = { params: { path: { id }, query: { format } }, parseAs: 'blob' as const };
    try {
      const blob = await unwrap(
        which === 'form'
          ? client.GET('/api/v1/settlement/applications/{id}/form', request)
          : client.GET('/api/v1/settlement/applications/{id}/usage-summary', request),
      );
      saveBlob(blob, `${which === 'form' ? t('adminRedemptionForm') : t('adminUsageSummary')}-${id}.${format}`);
    } catch (e) {
      message.error(describe(e));
    } finally {
      setBusy(null);
    }
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
