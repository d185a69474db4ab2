import type { CSSProperties, ReactNode } from 'react';
import { Button, Form, Modal, type FormInstance, type FormProps } from 'antd';
import { clearChangedIssues } from '../forms/field-issues.ts';
import { useSubmission, type Submission } from '../forms/submission.ts';
import { FormError } from './ErrorAlerts.tsx';

type ModalFormProps<V, B, R> = Submission<V, B, R> & {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  /** the OK button's words, where Ant Design's 确定 says too little */
  okText?: string;
  width?: number;
  /** the form's instance, for fields that watch others (`Form.useWatch`) */
  form?: FormInstance<V>;
  name?: string;
  initialValues?: FormProps<V>['initialValues'];
  children: ReactNode;
};

/**
 * A dialog's form: OK checks and sends it (`useSubmission`) and closes it once sent; closed either way, it opens
 * empty again, without the last refusal.
 */
export function ModalForm<V extends object, B, R>({
  open,
  onClose,
  title,
  okText,
  width,
  form: given,
  name,
  initialValues,
  children,
  onSent,
  ...submission
}: ModalFormProps<V, B, R>) {
  const { form, submit, refusal, pending, reset } = useSubmission(given, {
    ...submission,
    onSent: (reply) => {
      onSent?.(reply);
      onClose();
    },
  });
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      width={width}
      confirmLoading={pending}
      onCancel={onClose}
      // a field its rules refuse says so under itself: nothing is sent
      onOk={() => form.validateFields().then(submit, () => undefined)}
      afterClose={() => {
        form.resetFields();
        reset();
      }}
    >
      <Form<V> form={form} name={name} layout="vertical" initialValues={initialValues}>
        {children}
        <FormError text={refusal} />
      </Form>
    </Modal>
  );
}

export type PageFormProps<V, B, R> = Submission<V, B, R> & {
  /** the form's instance, for fields that watch others or a form emptied once sent */
  form?: FormInstance<V>;
  name?: string;
  initialValues?: FormProps<V>['initialValues'];
  style?: CSSProperties;
  submitText: string;
  /** the submit button across the form, as on the sign-up pages */
  block?: boolean;
  submitTestId?: string;
  children: ReactNode;
};

/**
 * A form on a page of its own: checked and sent (`useSubmission`), the refusal above its submit button. An issue
 * goes as soon as its field is changed, as a rule's message would.
 */
export function PageForm<V extends object, B, R>({
  form: given,
  name,
  initialValues,
  style,
  submitText,
  block,
  submitTestId,
  children,
  ...submission
}: PageFormProps<V, B, R>) {
  const { form, submit, refusal, pending } = useSubmission(given, submission);
  return (
    <Form<V>
      form={form}
      name={name}
      layout="vertical"
      style={style}
      initialValues={initialValues}
      onFinish={submit}
      onValuesChange={(changed) => clearChangedIssues(form, changed)}
    >
      {children}
      <FormError text={refusal} />
      <Button type="primary" htmlType="submit" loading={pending} block={block} data-testid={submitTestId}>
        {submitText}
      </Button>
    </Form>
  );
}
