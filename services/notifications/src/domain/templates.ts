import { z } from 'zod';
import type { MessageKind, MessageLocale } from '@voucher/contracts';

export interface Rendered {
  title: string;
  body: string;
}

/**
 * One message template (issue 18): its kind, its variables and a pure
 * function per language. The variables are declared as a schema so the unit
 * test of each template can fill every one and prove that both languages
 * use them all: a template missing a variable fails its test, never a send.
 */
export interface Template<S extends z.ZodRawShape = z.ZodRawShape> {
  kind: MessageKind;
  params: z.ZodObject<S>;
  write: Record<MessageLocale, (params: z.output<z.ZodObject<S>>) => Rendered>;
}

function template<S extends z.ZodRawShape>(
  kind: MessageKind,
  params: S,
  write: Record<MessageLocale, (params: z.output<z.ZodObject<S>>) => Rendered>,
): Template<S> {
  return { kind, params: z.object(params), write };
}

const companyName = z.string();
const reason = z.string();
const year = z.number().int();
const productName = z.string();
const orderNo = z.string();

/**
 * The platform's templates, programme-neutral, by key. A programme's own
 * wording (Nanjing, Jinan, Guangdong) will override a key, not add one.
 */
export const templates = {
  // QUA-1
  'enterprise_certification.approved': template(
    'review_result',
    { companyName },
    {
      'zh-CN': (p) => ({
        title: '企业认证已通过',
        body: `您提交的企业认证（${p.companyName}）已审核通过，现在可以申请服务券资格。`,
      }),
      en: (p) => ({
        title: 'Enterprise certification approved',
        body: `Your enterprise certification of ${p.companyName} has been approved. You may now apply for voucher qualification.`,
      }),
    },
  ),
  'enterprise_certification.rejected': template(
    'review_result',
    { reason },
    {
      'zh-CN': (p) => ({
        title: '企业认证未通过',
        body: `您提交的企业认证未通过审核，请修改后重新提交。原因：${p.reason}`,
      }),
      en: (p) => ({
        title: 'Enterprise certification not approved',
        body: `Your enterprise certification was not approved; please correct it and submit it again. Reason: ${p.reason}`,
      }),
    },
  ),
  // QUA-3
  'provider_certification.approved': template(
    'review_result',
    { companyName },
    {
      'zh-CN': (p) => ({
        title: '服务商认证已通过',
        body: `您提交的服务商认证（${p.companyName}）已审核通过，现在可以发布服务产品。`,
      }),
      en: (p) => ({
        title: 'Provider certification approved',
        body: `Your provider certification of ${p.companyName} has been approved. You may now publish your service products.`,
      }),
    },
  ),
  'provider_certification.rejected': template(
    'review_result',
    { reason },
    {
      'zh-CN': (p) => ({
        title: '服务商认证未通过',
        body: `您提交的服务商认证未通过审核，请修改后重新提交。原因：${p.reason}`,
      }),
      en: (p) => ({
        title: 'Provider certification not approved',
        body: `Your provider certification was not approved; please correct it and submit it again. Reason: ${p.reason}`,
      }),
    },
  ),
  // QUA-4
  'voucher_qualification.approved': template(
    'review_result',
    { companyName, year },
    {
      'zh-CN': (p) => ({
        title: `${p.year}年度服务券资格已通过`,
        body: `${p.companyName}的${p.year}年度服务券资格已审核通过，可在预约期内预约服务券。`,
      }),
      en: (p) => ({
        title: `Voucher qualification for ${p.year} approved`,
        body: `The ${p.year} voucher qualification of ${p.companyName} has been approved. You may reserve vouchers while a reservation window is open.`,
      }),
    },
  ),
  'voucher_qualification.rejected': template(
    'review_result',
    { year, reason },
    {
      'zh-CN': (p) => ({
        title: `${p.year}年度服务券资格未通过`,
        body: `您的${p.year}年度服务券资格申请未通过审核，请修改后重新提交。原因：${p.reason}`,
      }),
      en: (p) => ({
        title: `Voucher qualification for ${p.year} not approved`,
        body: `Your ${p.year} voucher qualification was not approved; please correct it and submit it again. Reason: ${p.reason}`,
      }),
    },
  ),
  // ORD-2, each step for the party that must act next
  'order.awaiting_provider': template(
    'order_step',
    { productName, orderNo },
    {
      'zh-CN': (p) => ({
        title: '新订单待接单',
        body: `订单${p.orderNo}（${p.productName}）正在等待您接单，请及时接单或拒单。`,
      }),
      en: (p) => ({
        title: 'New order to accept',
        body: `Order ${p.orderNo} for ${p.productName} is waiting for you: please accept or decline it.`,
      }),
    },
  ),
  'order.accepted': template(
    'order_step',
    { productName, orderNo },
    {
      'zh-CN': (p) => ({
        title: '服务商已接单',
        body: `服务商已接受您的订单${p.orderNo}（${p.productName}），请上传双方签订的服务合同。`,
      }),
      en: (p) => ({
        title: 'Order accepted',
        body: `The provider has accepted your order ${p.orderNo} for ${p.productName}. Please upload the signed service contract.`,
      }),
    },
  ),
  'order.declined': template(
    'order_step',
    { productName, orderNo, reason },
    {
      'zh-CN': (p) => ({
        title: '服务商已拒单',
        body: `服务商拒绝了您的订单${p.orderNo}（${p.productName}），订单已取消；如已使用服务券抵扣，抵扣金额将退回您的服务券。原因：${p.reason}`,
      }),
      en: (p) => ({
        title: 'Order declined',
        body: `The provider has declined your order ${p.orderNo} for ${p.productName}, and the order is cancelled. Any voucher amount paid for it is returned to your vouchers. Reason: ${p.reason}`,
      }),
    },
  ),
  'order.delivered': template(
    'order_step',
    { productName, orderNo },
    {
      'zh-CN': (p) => ({
        title: '服务已交付，请确认',
        body: `服务商已交付您的订单${p.orderNo}（${p.productName}），请确认服务是否完成。`,
      }),
      en: (p) => ({
        title: 'Service delivered: please confirm',
        body: `The provider has delivered the service of your order ${p.orderNo} for ${p.productName}. Please confirm whether it is completed.`,
      }),
    },
  ),
  'order.not_completed': template(
    'order_step',
    { productName, orderNo },
    {
      'zh-CN': (p) => ({
        title: '企业确认服务未完成',
        body: `企业确认订单${p.orderNo}（${p.productName}）的服务未完成，订单已回到服务中，请继续服务后再次交付。`,
      }),
      en: (p) => ({
        title: 'Service not completed',
        body: `The enterprise has marked order ${p.orderNo} for ${p.productName} as not completed, and the order is back in service. Please continue the service and deliver it again.`,
      }),
    },
  ),
} as const;

export type TemplateKey = keyof typeof templates;
export type ParamsOf<K extends TemplateKey> = z.output<(typeof templates)[K]['params']>;

/** A message decided for one recipient, before it is written out. */
export type Draft = {
  [K in TemplateKey]: { userId: string; template: K; params: ParamsOf<K> };
}[TemplateKey];

/** A draft written out in every language, as the inbox keeps it. */
export interface ComposedMessage {
  userId: string;
  kind: MessageKind;
  template: TemplateKey;
  params: Record<string, unknown>;
  title: Record<MessageLocale, string>;
  body: Record<MessageLocale, string>;
}

export function compose(draft: Draft): ComposedMessage {
  const t = templates[draft.template] as unknown as Template;
  const zh = t.write['zh-CN'](draft.params);
  const en = t.write.en(draft.params);
  return {
    userId: draft.userId,
    kind: t.kind,
    template: draft.template,
    params: draft.params,
    title: { 'zh-CN': zh.title, en: en.title },
    body: { 'zh-CN': zh.body, en: en.body },
  };
}
