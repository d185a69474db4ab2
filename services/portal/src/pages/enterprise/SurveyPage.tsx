import { Alert, App, Button, Card, Checkbox, Empty, Form, Input, Radio, Result, Skeleton } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { surveyAnswersSchema } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { useLanguage } from '../../i18n/language.tsx';
import { useDescribeError } from '../../i18n/error-text.ts';
import type { Reply, RequestBody } from './api-shapes.ts';
import { FormError } from '../../components/ErrorAlerts.tsx';
import { shanghaiDateTime } from '../../format/time.ts';

type Question = Reply<'/api/v1/qualification/survey'>['questions'][number];
type Answers = RequestBody<'/api/v1/qualification/survey/answers', 'put'>['answers'];

/** One question of the survey as the control its type asks for. */
function QuestionField({ question }: { question: Question }) {
  const { t } = useLanguage();
  const options = question.options.map((o) => ({ value: o, label: o }));
  return (
    <Form.Item
      name={question.id}
      label={question.text}
      rules={[{ required: question.required, message: t('answerRequired') }]}
    >
      {question.type === 'text' ? (
        <Input maxLength={500} />
      ) : question.type === 'single' ? (
        <Radio.Group options={options} />
      ) : (
        <Checkbox.Group options={options} />
      )}
    </Form.Item>
  );
}

/** QUA-2 (seed 002 2.3.1 企业需求收集): the programme's questionnaire, answered before certification is approved. */
export function SurveyPage() {
  const { t } = useLanguage();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const survey = useQuery({
    queryKey: ['survey'],
    queryFn: () => unwrap(client.GET('/api/v1/qualification/survey')),
  });
  const answer = useMutation({
    mutationFn: (answers: Answers) => unwrap(client.PUT('/api/v1/qualification/survey/answers', { body: { answers } })),
    onSuccess: () => {
      message.success(t('surveySaved'));
      void queries.invalidateQueries({ queryKey: ['survey'] });
    },
  });
  if (survey.isLoading) return <Skeleton active />;
  if (survey.error) return <Result status="error" title={describe(survey.error)} />;
  const { questions, answers, answeredAt } = survey.data!;
  if (questions.length === 0) return <Empty description={t('empty')} />;

  const submit = (values: Record<string, unknown>) => {
    // unanswered optional questions are left out rather than sent empty
    const given = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== ''));
    const checked = surveyAnswersSchema.safeParse(given);
    if (checked.success) answer.mutate(checked.data);
  };

  return (
    <Card title={t('demandSurvey')}>
      {answeredAt && (
        <Alert
          type="success"
          title={`${t('surveyAnsweredAt')} ${shanghaiDateTime(answeredAt)}`}
          style={{ marginBottom: 16 }}
          data-testid="survey-answered"
        />
      )}
      <Form layout="vertical" onFinish={submit} initialValues={answers ?? {}}>
        {questions.map((q) => (
          <QuestionField key={q.id} question={q} />
        ))}
        <FormError text={answer.error && describe(answer.error)} />
        <Button type="primary" htmlType="submit" loading={answer.isPending}>
          {t('submit')}
        </Button>
      </Form>
    </Card>
  );
}
