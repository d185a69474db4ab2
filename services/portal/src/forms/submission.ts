import { App, Form, type FormInstance } from 'antd';
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useDescribeError } from '../i18n/error-text.ts';
import {
  checked,
  serverIssues,
  showIssues,
  useIssueText,
  type Checker,
  type FieldIssue,
  type NamePath,
} from './field-issues.ts';

/** How a form's values become a request, and what follows its answer. */
export interface Submission<V, B, R> {
  /** the contracts' schema the body is checked with before it leaves: the rules the gateway applies */
  schema: Checker<B>;
  /** the body from the form's values, where it is not the values themselves (yuan to fen, dates to strings) */
  body?: (values: V) => unknown;
  send: (body: B) => Promise<R>;
  /** a failed field in the reader's words: the contract's message by default, or what the field wants */
  issueText?: (issue: FieldIssue) => string;
  /** the field holding a body path that the form keeps under another name */
  fieldOf?: (path: string) => NamePath;
  /** what the reader is told once it is sent */
  done?: string;
  /** the lists to read again once it is sent, before `onSent` (a dialog closes onto the new row) */
  refresh?: QueryKey[];
  onSent?: (reply: R) => void;
}

/**
 * A form's submission through a mutation: the body checked first, each issue under its field; the fields the
 * server refuses marked the same way, and its refusal kept in the reader's words until the next try. The form is
 * the page's (`given`, where its fields watch each other) or one of its own.
 */
export function useSubmission<V, B, R>(
  given: FormInstance<V> | undefined,
  { schema, body, send, issueText, fieldOf, done, refresh = [], onSent }: Submission<V, B, R>,
) {
  const [own] = Form.useForm<V>();
  const form = given ?? own;
  const contractText = useIssueText();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const textOf = issueText ?? contractText;
  const mutation = useMutation({
    mutationFn: send,
    onSuccess: async (reply) => {
      if (done) message.success(done);
      await Promise.all(refresh.map((queryKey) => queries.invalidateQueries({ queryKey })));
      onSent?.(reply);
    },
    onError: (e) => showIssues(form, serverIssues(e), textOf, fieldOf),
  });
  return {
    form,
    submit: (values: V) => {
      const checkedBody = checked(schema, body ? body(values) : values, form, textOf, fieldOf);
      // a refusal of the server's stays only until the form is tried again
      if (checkedBody) mutation.mutate(checkedBody);
      else mutation.reset();
    },
    refusal: mutation.error ? describe(mutation.error) : null,
    pending: mutation.isPending,
    reset: mutation.reset,
  };
}
