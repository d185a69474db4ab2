import { Button, Space } from 'antd';
import { saveBlob, useFileFetch } from '../../api/download.ts';
import { useLanguage } from '../../i18n/language.tsx';

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
  const { busy, run } = useFileFetch<Format>();
  const download = (format: Format) =>
    run(
      format,
      () => fetchFile(format),
      (blob) => saveBlob(blob, `${name}.${format}`),
    );
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
