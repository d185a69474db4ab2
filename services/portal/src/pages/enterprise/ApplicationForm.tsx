import { Checkbox, Col, Form, Input, InputNumber, Row } from 'antd';
import { enterpriseHonours } from '@voucher/contracts';
import { PageForm, type PageFormProps } from '../../components/CheckedForms.tsx';
import { useFieldText } from '../../forms/field-issues.ts';
import { useLanguage } from '../../i18n/language.tsx';

type ApplicationFormProps<V, B> = Omit<PageFormProps<V, B, unknown>, 'send' | 'issueText' | 'done'> & {
  /** the earlier application, sent again in its place; none: a new one */
  earlier: string | null;
  post: (body: B) => Promise<unknown>;
  put: (id: string, body: B) => Promise<unknown>;
};

/**
 * The form of one of the enterprise's applications (QUA-1, QUA-4) on a grid of 24 columns, each failed field saying
 * what it wants as the seed manuals word it.
 */
export function ApplicationForm<V extends object, B>({
  earlier,
  post,
  put,
  children,
  ...form
}: ApplicationFormProps<V, B>) {
  const { t } = useLanguage();
  const fieldText = useFieldText();
  return (
    <PageForm
      {...form}
      send={(body) => (earlier ? put(earlier, body) : post(body))}
      issueText={fieldText}
      done={t('applicationSent')}
    >
      <Row gutter={16}>{children}</Row>
    </PageForm>
  );
}

/** A required line of text, `span` columns wide. */
export function TextCell({ name, label, span }: { name: string; label: string; span: number }) {
  return (
    <Col span={span}>
      <Form.Item name={name} label={label} required>
        <Input />
      </Form.Item>
    </Col>
  );
}

/** An amount typed in yuan (sent in fen): at least zero, but for a profit, which a loss makes negative. */
export function MoneyCell({ name, label, required = false }: { name: string; label: string; required?: boolean }) {
  const { t } = useLanguage();
  return (
    <Col span={8}>
      <Form.Item name={name} label={label} required={required}>
        <InputNumber
          min={name === 'lastYearProfit' ? undefined : 0}
          precision={2}
          suffix={t('yuan')}
          style={{ width: '100%' }}
        />
      </Form.Item>
    </Col>
  );
}

/** A number of people. */
export function HeadcountCell({ name, label, required = false }: { name: string; label: string; required?: boolean }) {
  return (
    <Col span={8}>
      <Form.Item name={name} label={label} required={required}>
        <InputNumber min={0} precision={0} style={{ width: '100%' }} />
      </Form.Item>
    </Col>
  );
}

/** The enterprise's honours (专精特新 and the like), ticked. */
export function HonoursCell() {
  const { t } = useLanguage();
  return (
    <Col span={24}>
      <Form.Item name="qualifications" label={t('qualifications')}>
        <Checkbox.Group options={enterpriseHonours.map((h) => ({ value: h, label: h }))} />
      </Form.Item>
    </Col>
  );
}
