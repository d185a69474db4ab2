import { Form, Input, Modal } from 'antd';
import { reasonSchema } from '@voucher/contracts';
import { useLanguage } from '../../i18n/language.tsx';

/** Asks why (every rejection carries its reason, DOMAIN §0), checked by the same rule the server applies. */
export function ReasonDialog({
  open,
  title,
  busy,
  onSubmit,
  onCancel,
}: {
  open: boolean;
  title: string;
  busy: boolean;
  onSubmit: (reason: string) => void;
  onCancel: () => void;
}) {
  const { t } = useLanguage();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      open={open}
      title={title}
      confirmLoading={busy}
      onCancel={onCancel}
      destroyOnHidden
      onOk={async () => {
        const { reason } = await form.validateFields();
        onSubmit(reason);
      }}
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label={t('adminReason')}
          rules={[
            {
              validator: async (_, value: unknown) => {
                const checked = reasonSchema.safeParse({ reason: value ?? '' });
                if (!checked.success) throw new Error(t('adminReasonRequired'));
              },
            },
          ]}
        >
          <Input.TextArea rows={4} maxLength={500} showCount data-testid="reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
