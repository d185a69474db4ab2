import { Button, DatePicker, Form, Input, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { settlement } from '@voucher/contracts';
import { useLanguage } from '../../i18n/language.tsx';
import { apiDate } from '../../format/time.ts';

const transferBody = settlement.pay.request.omit({ id: true });

/** SET-3 "paid": finance records the offline transfer with its bank reference and date. */
export function TransferForm({
  busy,
  onSubmit,
}: {
  busy: boolean;
  onSubmit: (reference: string, paidAt: string) => void;
}) {
  const { t } = useLanguage();
  return (
    <Form<{ reference: string; paidAt: Dayjs }>
      layout="inline"
      onFinish={(v) => {
        const checked = transferBody.parse({ reference: v.reference, paidAt: apiDate(v.paidAt) });
        onSubmit(checked.reference, checked.paidAt);
      }}
    >
      <Space wrap>
        <Form.Item
          name="reference"
          label={t('adminTransferReference')}
          rules={[{ required: true, whitespace: true, max: 100 }]}
        >
          <Input data-testid="transfer-reference" />
        </Form.Item>
        <Form.Item name="paidAt" label={t('adminTransferDate')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('adminRecordTransfer')}
        </Button>
      </Space>
    </Form>
  );
}
