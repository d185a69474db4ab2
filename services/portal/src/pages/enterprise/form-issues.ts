import type { FormInstance } from 'antd';
import type { MessageKey } from '../../i18n/messages.ts';
import { useLanguage } from '../../i18n/language.tsx';

/** What a failed zod check of libs/contracts carries that a form needs. */
interface FailedCheck {
  issues: readonly { path: readonly PropertyKey[] }[];
}

interface FieldProblem {
  name: (string | number)[];
  errors: string[];
}

/** The words for a field that failed its contract check, by the field's name; others get a general word. */
const fieldWords: Record<string, MessageKey> = {
  username: 'usernameRule',
  mobile: 'mobileInvalid',
  contactPhone: 'mobileInvalid',
  smsCode: 'smsCodeRule',
  password: 'passwordRequired',
  newPassword: 'passwordRequired',
  confirmPassword: 'passwordsDiffer',
  agreed: 'mustAgree',
  creditCode: 'creditCodeInvalid',
  email: 'emailInvalid',
  foundedOn: 'dateRequired',
  pin: 'pinRule',
  oldPin: 'pinRule',
  newPin: 'pinRule',
  licenceFileId: 'fileRequired',
  'attachments.applicationForm': 'fileRequired',
  'attachments.licenceCopy': 'fileRequired',
  'attachments.commitmentLetter': 'fileRequired',
};

/**
 * Shows the contract's verdict on a form (the same zod schema the gateway
 * applies) as errors under the fields that failed, in the reader's language.
 */
export function useFieldProblems(): <T>(form: FormInstance<T>, failed: FailedCheck) => void {
  const { t } = useLanguage();
  return (form, failed) => {
    const byField = new Map<string, FieldProblem>();
    for (const issue of failed.issues) {
      const name = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      const key = name.join('.');
      if (!byField.has(key)) byField.set(key, { name, errors: [t(fieldWords[key] ?? 'fieldInvalid')] });
    }
    // the forms name their fields after the contract's, so its paths are the form's names
    form.setFields([...byField.values()] as unknown as Parameters<typeof form.setFields>[0]);
  };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** The names of the fields in a form's `onValuesChange` delta, nested groups (attachments) included. */
function changedNames(changed: Record<string, unknown>, prefix: string[] = []): string[][] {
  return Object.entries(changed).flatMap(([key, value]) =>
    isPlainObject(value) ? changedNames(value, [...prefix, key]) : [[...prefix, key]],
  );
}

/** A field's contract error goes as soon as the field is changed, as a rule's error would. */
export function clearChangedProblems<T>(form: FormInstance<T>, changed: object): void {
  const cleared = changedNames(changed as Record<string, unknown>).map((name) => ({ name, errors: [] }));
  form.setFields(cleared as unknown as Parameters<typeof form.setFields>[0]);
}
