import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Radio, Rate } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { orders } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { useDescribeError } from '../../i18n/error-text.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import type { Reply, RequestBody } from './api-shapes.ts';

type Order = Reply<'/api/v1/orders/{id}'>;
type EvaluationBody = RequestBody<'/api/v1/orders/{id}/evaluation', 'post'>;

const ratingWords: Record<EvaluationBody['rating'], MessageKey> = {
  good: 'ratingGood',
  neutral: 'ratingNeutral',
  bad: 'ratingBad',
};
const evaluationRequest = orders.evaluate.request.omit({ id: true });

/** The evaluation as it was given (or given by the system after seven days, ORD-7). */
function GivenEvaluation({ evaluation }: { evaluation: NonNullable<Order['evaluation']> }) {
  const { t } = useLanguage();
  return (
    <Descriptions column={1} size="small" bordered data-testid="order-evaluation">
      <Descriptions.Item label={t('serviceRating')}>
        {t(ratingWords[evaluation.rating])}
        {evaluation.auto && `（${t('autoEvaluated')}）`}
      </Descriptions.Item>
      <Descriptions.Item label={t('evaluationText')}>{evaluation.text || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('platformStars')}>
        <Rate disabled value={evaluation.platformStars} />
      </Descriptions.Item>
      <Descriptions.Item label={t('platformText')}>{evaluation.platformText || '—'}</Descriptions.Item>
    </Descriptions>
  );
}

/** ORD-7 (seed 003 §4.7 评价): the service good / neutral / bad with a text, and the platform 0-5 stars. */
function EvaluationForm({ orderId, onDone }: { orderId: string; onDone(): void }) {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const [incomplete, setIncomplete] = useState(false);
  const evaluate = useMutation({
    mutationFn: (body: EvaluationBody) =>
      unwrap(client.POST('/api/v1/orders/{id}/evaluation', { params: { path: { id: orderId } }, body })),
    onSuccess: onDone,
  });
  const submit = (values: Partial<EvaluationBody>) => {
    const checked = evaluationRequest.safeParse({ text: '', platformStars: 0, ...values });
    setIncomplete(!checked.success);
    if (checked.success) evaluate.mutate(checked.data);
  };
  return (
    <Form layout="vertical" onFinish={submit} data-testid="order-evaluation-form">
      <Form.Item name="rating" label={t('serviceRating')} required>
        <Radio.Group
          options={(Object.keys(ratingWords) as EvaluationBody['rating'][]).map((r) => ({
            value: r,
            label: t(ratingWords[r]),
          }))}
        />
      </Form.Item>
      <Form.Item name="text" label={t('evaluationText')}>
        <Input.TextArea maxLength={500} showCount placeholder={t('evaluationTextHint')} />
      </Form.Item>
      <Form.Item name="platformStars" label={t('platformStars')} required>
        <Rate data-testid="platform-stars" />
      </Form.Item>
      <Form.Item name="platformText" label={t('platformText')}>
        <Input.TextArea maxLength={500} showCount placeholder={t('platformTextHint')} />
      </Form.Item>
      {incomplete && <Alert type="warning" title={t('ratingRequired')} style={{ marginBottom: 16 }} />}
      {evaluate.error && <Alert type="error" title={describe(evaluate.error)} style={{ marginBottom: 16 }} />}
      <Button type="primary" htmlType="submit" loading={evaluate.isPending}>
        {t('submit')}
      </Button>
    </Form>
  );
}

/** ORD-7: once the order is completed the enterprise evaluates it; afterwards the evaluation shows here. */
export function OrderEvaluationCard({ order, onChanged }: { order: Order; onChanged(): void }) {
  const { t } = useLanguage();
  if (order.evaluation)
    return (
      <Card title={t('orderEvaluation')}>
        <GivenEvaluation evaluation={order.evaluation} />
      </Card>
    );
  if (order.state !== 'completed') return null;
  return (
    <Card title={t('orderEvaluation')}>
      <EvaluationForm orderId={order.id} onDone={onChanged} />
    </Card>
  );
}
