import { App, Button, Descriptions, Form, Result, Space, Spin, Timeline, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RedemptionState } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { yuan } from '../../format/money.ts';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { saveBlob } from '../../api/download.ts';
import { FileUploadField } from '../../components/FileUploadField.tsx';
import { redemptionStateWords } from './redemption-words.ts';
import { shanghaiDateTime } from '../../format/time.ts';

type Format = 'pdf' | 'xlsx';

/**
 * One redemption application: its lines, review history and transfer; the
 * forms to print and sign, the signed scan back (SET-4), and the receipt
 * confirmed once paid (SET-3).
 */
export function ApplicationDetail({ id }: { id: string }) {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const path = { params: { path: { id } } };
  const detail = useQuery({
    queryKey: ['redemption', id],
    queryFn: () => unwrap(client.GET('/api/v1/settlement/applications/{id}', path)),
  });
  const refresh = () =>
    Promise.all([
      queries.invalidateQueries({ queryKey: ['redemption', id] }),
      queries.invalidateQueries({ queryKey: ['my-redemptions'] }),
    ]);
  const act = useMutation({
    mutationFn: (step: () => Promise<unknown>) => step(),
    onSuccess: refresh,
    onError: (e) => message.error(describe(e)),
  });
  const download = (form: 'form' | 'usage-summary', format: Format) =>
    act.mutate(async () => {
      const query = { params: { path: { id }, query: { format } }, parseAs: 'blob' as const };
      const bytes =
        form === 'form'
          ? await unwrap(client.GET('/api/v1/settlement/applications/{id}/form', query))
          : await unwrap(client.GET('/api/v1/settlement/applications/{id}/usage-summary', query));
      const name = form === 'form' ? t('redemptionForm') : t('usageSummary');
      saveBlob(bytes as Blob, `${name}-${id.slice(-8)}.${format}`);
    });
  if (detail.isLoading) return <Spin />;
  if (detail.error || !detail.data) return <Result status="error" title={describe(detail.error)} />;
  const a = detail.data;
  const stepWords = (to: string | null, action: string) =>
    to && to in redemptionStateWords ? t(redemptionStateWords[to as RedemptionState]) : action;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="application-detail">
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('receivingAccount')}>
          {`${a.bankAccount.bank} ${a.bankAccount.branch} ${a.bankAccount.accountName} ${a.bankAccount.number}`}
        </Descriptions.Item>
        <Descriptions.Item label={t('applicationAmount')}>¥{yuan(a.amount)}</Descriptions.Item>
        {a.general && (
          <Descriptions.Item label={t('generalVoucher')}>
            {`${a.general.enterpriseName} · ${a.general.orderNo} · ${a.general.direction}`}
          </Descriptions.Item>
        )}
        {a.lines.length > 0 && (
          <Descriptions.Item label={t('redeemedPayments')}>
            {a.lines.map((l) => `${l.voucherNumber}（${l.enterpriseName}，¥${yuan(l.amount)}）`).join('；')}
          </Descriptions.Item>
        )}
        {a.transfer && (
          <Descriptions.Item
            label={t('transfer')}
          >{`${a.transfer.reference} · ${a.transfer.paidAt}`}</Descriptions.Item>
        )}
        {a.rejectionReason && (
          <Descriptions.Item label={t('wbRejectionReason')}>
            <Typography.Text type="danger">{a.rejectionReason}</Typography.Text>
          </Descriptions.Item>
        )}
      </Descriptions>
      <Space wrap>
        <Button onClick={() => download('form', 'pdf')} data-testid="download-form-pdf">
          {t('redemptionForm')} PDF
        </Button>
        <Button onClick={() => download('form', 'xlsx')}>{t('redemptionForm')} XLSX</Button>
        <Button onClick={() => download('usage-summary', 'pdf')}>{t('usageSummary')} PDF</Button>
        <Button onClick={() => download('usage-summary', 'xlsx')}>{t('usageSummary')} XLSX</Button>
        {a.state === 'paid' && (
          <Button
            type="primary"
            data-testid="confirm-receipt"
            onClick={() => act.mutate(() => unwrap(client.POST('/api/v1/settlement/applications/{id}/confirm', path)))}
          >
            {t('confirmReceipt')}
          </Button>
        )}
      </Space>
      <Form layout="inline">
        <Form.Item label={t('signedForm')} extra={a.signedFormFileId ? t('signedFormUploaded') : t('signedFormHint')}>
          <FileUploadField
            purpose="signed_form"
            accept=".pdf,.jpg,.jpeg,.png"
            value={a.signedFormFileId ?? undefined}
            testId="signed-form"
            onChange={(fileId) =>
              act.mutate(() =>
                unwrap(client.POST('/api/v1/settlement/applications/{id}/signed-form', { ...path, body: { fileId } })),
              )
            }
          />
        </Form.Item>
      </Form>
      <Typography.Text strong>{t('reviewHistory')}</Typography.Text>
      <Timeline
        data-testid="review-history"
        items={a.history.map((h) => ({
          title: shanghaiDateTime(h.at),
          content: `${stepWords(h.to, h.action)}${h.reason ? `：${h.reason}` : ''}`,
        }))}
      />
    </Space>
  );
}
