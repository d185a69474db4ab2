import { useState } from 'react';
import { Alert, Form, Modal, Radio, Rate } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { orders } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { useDescribeError } from '../../i18n/error-text.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import type { RequestBody } from './api-shapes.ts';

type EvaluationBody = RequestBody<'/api/v1/orders/{id}/service-records/{recordId}/evaluation', 'post'>;
type ScoreName = keyof EvaluationBody['scores'];

/** ORD-6's five scores, in seed 001's order. */
export const scoreWords: Record<ScoreName, MessageKey> = {
  attitude: 'scoreAttitude',
  conduct: 'scoreConduct',
  quality: 'scoreQuality',
  price: 'scorePrice',
  responsiveness: 'scoreResponsiveness',
};

const evaluationRequest = orders.evaluateServiceRecord.request.omit({ id: true, recordId: true });

/** ORD-6: the enterprise evaluates one service visit: was the problem solved, and 1-5 for each of five aspects. */
export function ServiceRecordEvaluation({
  orderId,
  recordId,
  open,
  onClose,
  onDone,
}: {
  orderId: string;
  recordId: string;
  open: boolean;
  onClose(): void;
  onDone(): void;
}) {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const [form] = Form.useForm<Partial<EvaluationBody>>();
  const [incomplete, setIncomplete] = useState(false);
  const evaluate = useMutation({
    mutationFn: (body: EvaluationBody) =>
      unwrap(
        client.POST('/api/v1/orders/{id}/service-records/{recordId}/evaluation', {
          params: { path: { id: orderId, recordId } },
          body,
        }),
      ),
    onSuccess: onDone,
  });

  const submit = (values: Partial<EvaluationBody>) => {
    const checked = evaluationRequest.safeParse(values);
    setIncomplete(!checked.success);
    if (checked.success) evaluate.mutate(checked.data);
  };

  return (
    <Modal
      open={open}
      title={t('evaluateRecord')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: evaluate.isPending }}
      destroyOnHidden
    >
      <Form form={form} layout="horizontal" labelCol={{ span: 8 }} onFinish={submit} data-testid="record-evaluation">
        <Form.Item name="solved" label={t('problemSolved')}>
          <Radio.Group
            options={[
              { value: true, label: t('yes') },
              { value: false, label: t('no') },
            ]}
          />
        </Form.Item>
        {(Object.keys(scoreWords) as ScoreName[]).map((name) => (
          <Form.Item key={name} name={['scores', name]} label={t(scoreWords[name])}>
            <Rate data-testid={`score-${name}`} />
          </Form.Item>
        ))}
        {incomplete && <Alert type="warning" title={t('evaluationIncomplete')} />}
        {evaluate.error && <Alert type="error" title={describe(evaluate.error)} />}
      </Form>
    </Modal>
  );
}
