import { Button, Card, DatePicker, Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { campaignBody } from '@voucher/contracts';
import { client, unwrap } from '../../api/client.ts';
import { ModalForm } from '../../components/CheckedForms.tsx';
import { useLanguage } from '../../i18n/language.tsx';
import { namePathOf } from '../../forms/field-issues.ts';
import { apiInstant } from '../../format/time.ts';

interface BatchFields {
  drawAt?: Dayjs;
  publishAt?: Dayjs;
  quotas?: Record<string, number | null>;
}

interface CampaignFields {
  name: string;
  mode: 'lottery' | 'first_come';
  window?: [Dayjs, Dayjs];
  categories: string[];
  batches?: BatchFields[];
  stock?: Record<string, number | null>;
}

/** The body's window times live in one range field; everything else sits where the body has it. */
const fieldOf = (path: string) =>
  path === 'opensAt' || path === 'closesAt'
    ? 'window'
    : path.startsWith('categories')
      ? 'categories'
      : namePathOf(path);

const counts = (entries: Record<string, number | null> | undefined, codes: string[]) =>
  Object.fromEntries(codes.flatMap((c) => (entries?.[c] ? [[c, entries[c]]] : [])));

/** LOT-2 / LOT-9: a campaign with its window and categories, and batches (draw, publication, quotas) or first-come stock. */
export function CampaignForm({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useLanguage();
  const [form] = Form.useForm<CampaignFields>();
  const mode = Form.useWatch('mode', form);
  const chosen: string[] = Form.useWatch('categories', form) ?? [];
  const categories = useQuery({
    queryKey: ['admin', 'categories'],
    queryFn: () => unwrap(client.GET('/api/v1/lottery/categories')),
  });
  return (
    <ModalForm
      open={open}
      onClose={onClose}
      width={760}
      title={t('adminNewCampaign')}
      okText={t('adminCreate')}
      form={form}
      initialValues={{ mode: 'lottery', batches: [{}] }}
      schema={campaignBody}
      body={(v) => ({
        name: v.name,
        mode: v.mode,
        opensAt: v.window ? apiInstant(v.window[0]) : '',
        closesAt: v.window ? apiInstant(v.window[1]) : '',
        categories: v.categories,
        ...(v.mode === 'lottery'
          ? {
              batches: (v.batches ?? []).map((b) => ({
                drawAt: b.drawAt ? apiInstant(b.drawAt) : '',
                publishAt: b.publishAt ? apiInstant(b.publishAt) : '',
                quotas: counts(b.quotas, v.categories),
              })),
            }
          : { stock: counts(v.stock, v.categories) }),
      })}
      send={(body) => unwrap(client.POST('/api/v1/lottery/campaigns', { body }))}
      fieldOf={fieldOf}
      done={t('adminSaved')}
      refresh={[['admin', 'campaigns']]}
    >
      <Form.Item name="name" label={t('adminCampaignName')} rules={[{ required: true }]}>
        <Input />
      </Form.Item>
      <Form.Item name="mode" label={t('adminCampaignMode')}>
        <Radio.Group
          options={[
            { value: 'lottery', label: t('adminModeLottery') },
            { value: 'first_come', label: t('adminModeFirstCome') },
          ]}
        />
      </Form.Item>
      <Form.Item name="window" label={t('window')} rules={[{ required: true }]}>
        <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
      </Form.Item>
      <Form.Item name="categories" label={t('adminCampaignCategories')} rules={[{ required: true }]}>
        <Select
          mode="multiple"
          loading={categories.isLoading}
          options={(categories.data?.items ?? []).map((c) => ({ value: c.code, label: `${c.name} (${c.code})` }))}
        />
      </Form.Item>
      {mode === 'first_come' ? (
        <Space wrap>
          {chosen.map((code) => (
            <Form.Item
              key={code}
              name={['stock', code]}
              label={`${t('adminStock')} ${code}`}
              rules={[{ required: true }]}
            >
              <InputNumber min={1} />
            </Form.Item>
          ))}
        </Space>
      ) : (
        <Form.List name="batches">
          {(batches, { add, remove }) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              {batches.map((batch, i) => (
                <Card
                  key={batch.key}
                  size="small"
                  title={t('adminBatchNo').replace('{n}', String(i + 1))}
                  extra={
                    batches.length > 1 && (
                      <Button size="small" onClick={() => remove(batch.name)}>
                        {t('adminRemove')}
                      </Button>
                    )
                  }
                >
                  <Space wrap align="start">
                    <Form.Item name={[batch.name, 'drawAt']} label={t('adminDrawAt')} rules={[{ required: true }]}>
                      <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
                    </Form.Item>
                    <Form.Item
                      name={[batch.name, 'publishAt']}
                      label={t('adminPublishAt')}
                      rules={[{ required: true }]}
                    >
                      <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
                    </Form.Item>
                    {chosen.map((code) => (
                      <Form.Item key={code} name={[batch.name, 'quotas', code]} label={`${t('adminQuota')} ${code}`}>
                        <InputNumber min={1} />
                      </Form.Item>
                    ))}
                  </Space>
                </Card>
              ))}
              <Button onClick={() => add({})}>{t('adminAddBatch')}</Button>
            </Space>
          )}
        </Form.List>
      )}
    </ModalForm>
  );
}
