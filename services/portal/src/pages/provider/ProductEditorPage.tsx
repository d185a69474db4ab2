import { useState } from 'react';
import { Alert, App, Button, Form, Result, Space, Spin, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router-dom';
import type { ProductView } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { ProblemsAlert } from '../../components/ErrorAlerts.tsx';
import { TitledPage } from '../../components/TitledPage.tsx';
import { useDescribeError } from '../../i18n/error-text.ts';
import { useLanguage } from '../../i18n/language.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { CaseStudyFields } from './CaseStudyFields.tsx';
import {
  clearIssues,
  namePathOf,
  serverIssues,
  showIssues,
  useIssueText,
  type FieldIssue,
} from '../../forms/field-issues.ts';
import { ProductBasicsFields } from './ProductBasicsFields.tsx';
import { ProductDetailFields } from './ProductDetailFields.tsx';
import { emptyProductForm, productBody, productFormValues, type ProductForm } from './product-form.ts';
import { SpecFields } from './SpecFields.tsx';
import { VoucherTermsFields } from './VoucherTermsFields.tsx';

/** The words naming each top-level field when the server lists what a submission lacks. */
const fieldWords: Record<string, MessageKey> = {
  name: 'productName',
  relatedProductName: 'relatedProductName',
  category: 'productCategory',
  tags: 'productTags',
  thumbnailFileId: 'thumbnail',
  solutionTypes: 'solutionTypes',
  industries: 'productIndustries',
  historicalPrice: 'historicalPrice',
  deliveryDays: 'deliveryDays',
  deliveryPersonDays: 'deliveryPersonDays',
  cases: 'caseStudies',
  contact: 'productContactName',
  detail: 'productDescription',
  support: 'support',
  region: 'region',
  specs: 'specs',
  voucherTerms: 'voucherTerms',
};

/** The section in words, with the exact path for the reader who needs it: 案例（cases.1.customer）. */
function fieldLabel(path: string, t: (key: MessageKey) => string): string {
  const words = fieldWords[path.split('.')[0]!];
  return words ? `${t(words)}（${path}）` : path;
}

/** A whole section the server names is shown at its first field. */
const sectionAnchors: Record<string, (string | number)[]> = {
  historicalPrice: ['historicalPrice', 'min'],
  contact: ['contact', 'name'],
  detail: ['detail', 'description'],
  voucherTerms: ['voucherTerms', 'acceptedCategories'],
  cases: ['cases', 0, 'customer'],
  specs: ['specs', 0, 'name'],
};

/** CAT-1/2 (seed 002 1.4.4.1 商品上架): a new product, or one of mine to edit (draft, rejected, withdrawn, listed). */
export function ProductEditorPage() {
  const { id } = useParams();
  const describe = useDescribeError();
  const existing = useQuery({
    queryKey: ['my-product', id],
    enabled: id !== undefined,
    queryFn: () => unwrap(client.GET('/api/v1/catalog/mine/{id}', { params: { path: { id: id! } } })),
  });
  if (existing.isLoading) return <Spin style={{ display: 'block', margin: '48px auto' }} />;
  if (existing.error) return <Result status="error" title={describe(existing.error)} />;
  return <ProductEditor key={id ?? 'new'} product={existing.data ?? null} />;
}

function ProductEditor({ product }: { product: ProductView | null }) {
  const { t } = useLanguage();
  const issueText = useIssueText();
  const describe = useDescribeError();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [form] = Form.useForm<ProductForm>();
  const [productId, setProductId] = useState(product?.id);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [busy, setBusy] = useState(false);

  const report = (found: FieldIssue[]) => {
    setIssues(found);
    showIssues(form, found, issueText, (path) => sectionAnchors[path] ?? namePathOf(path));
  };

  /** Saves the draft as it stands (CAT-1: partial is fine); the id, or null when it could not be saved. */
  const save = async (): Promise<string | null> => {
    clearIssues(form);
    setIssues([]);
    const built = productBody(form.getFieldsValue(true) as ProductForm);
    if (!built.ok) {
      report(built.issues);
      return null;
    }
    try {
      const saved = productId
        ? await unwrap(
            client.PUT('/api/v1/catalog/products/{id}', { params: { path: { id: productId } }, body: built.body }),
          )
        : await unwrap(client.POST('/api/v1/catalog/products', { body: built.body }));
      setProductId(saved.id);
      await queries.invalidateQueries({ queryKey: ['my-products'] });
      return saved.id;
    } catch (e) {
      report(serverIssues(e));
      message.error(describe(e));
      return null;
    }
  };

  const run = async (step: () => Promise<void>) => {
    setBusy(true);
    try {
      await step();
    } finally {
      setBusy(false);
    }
  };

  const saveDraft = () =>
    run(async () => {
      if (await save()) message.success(t('draftSaved'));
    });

  // CAT-3: submitting checks every field; the server names each one missing
  const submit = () =>
    run(async () => {
      const id = await save();
      if (!id) return;
      try {
        await unwrap(client.POST('/api/v1/catalog/products/{id}/submit', { params: { path: { id } } }));
        await queries.invalidateQueries({ queryKey: ['my-products'] });
        message.success(t('submittedForReview'));
        navigate('/workbench/products');
      } catch (e) {
        report(serverIssues(e));
        message.error(describe(e));
      }
    });

  return (
    <TitledPage level={3} title={product ? t('editProduct') : t('newProduct')}>
      {product?.rejection && (
        <Alert type="warning" showIcon title={`${t('wbRejectionReason')}：${product.rejection.reason}`} />
      )}
      {product?.listed && product.state !== 'listed' && <Alert type="info" title={t('listedVersionOnSale')} />}
      <Form
        form={form}
        name="product"
        layout="vertical"
        initialValues={product ? productFormValues(product.content) : emptyProductForm}
        data-testid="product-editor"
      >
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <ProductBasicsFields />
          <Typography.Text type="secondary">{t('threeCasesHint')}</Typography.Text>
          {[0, 1, 2].map((i) => (
            <CaseStudyFields key={i} index={i} />
          ))}
          <ProductDetailFields />
          <SpecFields />
          <VoucherTermsFields />
        </Space>
      </Form>
      <ProblemsAlert
        heading={t('fixTheseFields')}
        problems={issues.map((i) => `${fieldLabel(i.path, t)}：${issueText(i)}`)}
        testId="form-issues"
      />
      <Space>
        <Button onClick={saveDraft} loading={busy} data-testid="save-draft">
          {t('saveDraft')}
        </Button>
        <Button type="primary" onClick={submit} loading={busy} data-testid="submit-product">
          {t('submitForReview')}
        </Button>
        <Button onClick={() => navigate('/workbench/products')}>{t('backToProducts')}</Button>
      </Space>
    </TitledPage>
  );
}
