import { useState } from 'react';
import { App, Button, Space } from 'antd';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { saveBlob } from './stored-files.ts';

type Format = 'csv' | 'xlsx';

/** SET-6 exports: the same figures as the table, as a CSV or XLSX file the server writes. */
export function StatsExportButtons({
  name,
  fetchFile,
}: {
  name: string;
  fetchFile: (format: Format) => Promise<Blob>;
}) {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<Format | null>(null);
  const download = async (format: Format) => {
    setBusy(format);
    try {
      saveBlob(await fetchFile(format), `${name}.${format}`);
    } catch (e) {
      message.error(describe(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Space>
      <Button size="small" loading={busy === 'csv'} onClick={() => void download('csv')} data-testid="export-csv">
        {t('adminExportCsvShort')}
      </Button>
      <Button size="small" loading={busy === 'xlsx'} onClick={() => void download('xlsx')} data-testid="export-xlsx">
        {t('adminExportXlsx')}
      </Button>
    </Space>
  );
}
