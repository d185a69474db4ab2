import { z } from 'zod';
import { messageLocales, type MessageKind, type MessageLocale } from '@voucher/contracts';

interface Rendered {
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
const campaignName = z.string();
const batchSeq = z.number().int();
const categoryName = z.string();

/**
 * The platform's templates, programme-neutral, by key. A programme's own
 * wording (Nanjing, Jinan, Guangdong: DOMAIN §0b) overrides a key in a
 * language, never adds one (`programme-wording.ts`).
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
  // LOT-7: a batch's result at its publication, for each enterprise that reserved
  'draw.won': template(
    'draw_result',
    { campaignName, batchSeq, categoryName },
    {
      'zh-CN': (p) => ({
        title: '恭喜您中签',
        body: `您在「${p.campaignName}」第${p.batchSeq}批次预约的${p.categoryName}已中签，服务券已发放到您的券包，请在有效期内使用。`,
      }),
      en: (p) => ({
        title: 'You have won a voucher',
        body: `Your reservation of ${p.categoryName} in batch ${p.batchSeq} of "${p.campaignName}" was drawn. The voucher is in your wallet; use it before it expires.`,
      }),
    },
  ),
  'draw.not_won': template(
    'draw_result',
    { campaignName, batchSeq, categoryName },
    {
      'zh-CN': (p) => ({
        title: '本批次未中签',
        body: `您在「${p.campaignName}」预约的${p.categoryName}在第${p.batchSeq}批次未中签，预约继续参加本活动后续批次的摇号。`,
      }),
      en: (p) => ({
        title: 'Not drawn in this batch',
        body: `Your reservation of ${p.categoryName} in "${p.campaignName}" was not drawn in batch ${p.batchSeq}. It stays in the draw of the campaign's later batches.`,
      }),
    },
  ),
  'draw.not_drawn': template(
    'draw_result',
    { campaignName, batchSeq, categoryName },
    {
      'zh-CN': (p) => ({
        title: '未中签',
        body: `「${p.campaignName}」第${p.batchSeq}批次（最后一批）已公示，您预约的${p.categoryName}未中签，本次活动的预约已结束。`,
      }),
      en: (p) => ({
        title: 'Not drawn',
        body: `Batch ${p.batchSeq}, the last of "${p.campaignName}", is published: your reservation of ${p.categoryName} was not drawn, and the campaign's reservations are over.`,
      }),
    },
  ),
  // issue 18 item 2 (WAL-6): a voucher expiring in 7 days, and again in 1 day
  'voucher.expiring': template(
    'voucher_expiry',
    {
      categoryName: z.string(),
      voucherNumber: z.string(),
      balance: z.string(),
      expiresOn: z.string(),
      daysLeft: z.number().int(),
    },
    {
      'zh-CN': (p) => ({
        title: `服务券${p.daysLeft}天内到期`,
        body: `您的${p.categoryName}（券号${p.voucherNumber}，余额${p.balance}元）将于${p.expiresOn}到期，到期后未使用的余额将失效，请尽快下单使用。`,
      }),
      en: (p) => ({
        title: `Voucher expiring within ${p.daysLeft} day(s)`,
        body: `Your ${p.categoryName} voucher ${p.voucherNumber} (balance CNY ${p.balance}) expires on ${p.expiresOn}. Whatever is left of it then is lost: use it in an order before that.`,
      }),
    },
  ),
  // issue 18 item 2 (WAL-6, GD: 30 days to order): a drawn voucher left unused is reclaimed
  'voucher.reclaim_due': template(
    'order_deadline',
    { categoryName: z.string(), voucherNumber: z.string(), reclaimOn: z.string(), daysLeft: z.number().int() },
    {
      'zh-CN': (p) => ({
        title: `服务券${p.daysLeft}天内将被收回`,
        body: `您的${p.categoryName}（券号${p.voucherNumber}）尚未使用，如在${p.reclaimOn}前仍未下单使用，将被系统自动收回。`,
      }),
      en: (p) => ({
        title: `Voucher reclaimed within ${p.daysLeft} day(s) unless used`,
        body: `Your ${p.categoryName} voucher ${p.voucherNumber} has not been used. Unless you use it in an order before ${p.reclaimOn}, the programme takes it back.`,
      }),
    },
  ),
  // issue 18 item 2 (ORD-5, GD: 30 days to upload the contract): the order is cancelled without it
  'order.contract_due': template(
    'order_deadline',
    { productName, orderNo, cancelOn: z.string(), daysLeft: z.number().int() },
    {
      'zh-CN': (p) => ({
        title: `请在${p.daysLeft}天内上传服务合同`,
        body: `订单${p.orderNo}（${p.productName}）尚未上传双方签订的服务合同，如在${p.cancelOn}前仍未上传，订单将被取消，所用服务券将被收回。`,
      }),
      en: (p) => ({
        title: `Upload the service contract within ${p.daysLeft} day(s)`,
        body: `Order ${p.orderNo} for ${p.productName} has no signed service contract yet. Unless it is uploaded before ${p.cancelOn}, the order is cancelled and the vouchers used for it are reclaimed.`,
      }),
    },
  ),
  'order.acceptance_due': template(
    'order_deadline',
    { productName, orderNo, cancelOn: z.string(), daysLeft: z.number().int() },
    {
      'zh-CN': (p) => ({
        title: `订单${p.daysLeft}天内将因无合同被取消`,
        body: `订单${p.orderNo}（${p.productName}）仍在等待您接单，企业需在您接单后上传服务合同；如在${p.cancelOn}前仍无合同，订单将被取消。请及时接单或拒单。`,
      }),
      en: (p) => ({
        title: `Order cancelled within ${p.daysLeft} day(s) without a contract`,
        body: `Order ${p.orderNo} for ${p.productName} is still waiting for you to accept it; the enterprise uploads the contract once you have. Without a contract before ${p.cancelOn}, the order is cancelled. Please accept or decline it.`,
      }),
    },
  ),
  // issue 18 item 2 (CAT-3): a product's review at each stage, for its provider
  'product.passed_operator_review': template(
    'product_review',
    { productName },
    {
      'zh-CN': (p) => ({
        title: '产品已通过运营初审',
        body: `您提交的产品「${p.productName}」已通过运营初审，已进入专家评审。`,
      }),
      en: (p) => ({
        title: 'Product passed the operator review',
        body: `Your product "${p.productName}" has passed the operator review and is now with the experts.`,
      }),
    },
  ),
  'product.passed_expert_review': template(
    'product_review',
    { productName },
    {
      'zh-CN': (p) => ({
        title: '产品已通过专家评审',
        body: `您提交的产品「${p.productName}」已通过专家评审，已进入终审。`,
      }),
      en: (p) => ({
        title: 'Product passed the expert review',
        body: `Your product "${p.productName}" has passed the expert review and is now in the final review.`,
      }),
    },
  ),
  'product.listed': template(
    'product_review',
    { productName },
    {
      'zh-CN': (p) => ({
        title: '产品已上架',
        body: `您提交的产品「${p.productName}」已通过终审并上架，企业现在可以查看和下单。`,
      }),
      en: (p) => ({
        title: 'Product listed',
        body: `Your product "${p.productName}" has passed the final review and is listed: enterprises can now see and order it.`,
      }),
    },
  ),
  'product.rejected': template(
    'product_review',
    { productName, reason },
    {
      'zh-CN': (p) => ({
        title: '产品未通过审核',
        body: `您提交的产品「${p.productName}」未通过审核，请修改后重新提交。原因：${p.reason}`,
      }),
      en: (p) => ({
        title: 'Product not approved',
        body: `Your product "${p.productName}" was not approved; please correct it and submit it again. Reason: ${p.reason}`,
      }),
    },
  ),
  'product.force_delisted': template(
    'product_review',
    { productName, reason },
    {
      'zh-CN': (p) => ({
        title: '产品已被强制下架',
        body: `您的产品「${p.productName}」已被平台强制下架，企业不能再下单。原因：${p.reason}`,
      }),
      en: (p) => ({
        title: 'Product delisted by the platform',
        body: `Your product "${p.productName}" has been delisted by the platform: enterprises can no longer order it. Reason: ${p.reason}`,
      }),
    },
  ),
  // issue 18 item 2 (SET-3, SET-5): a redemption application at each review step, for its provider
  'settlement.assessed': template(
    'settlement_step',
    { amount: z.string() },
    {
      'zh-CN': (p) => ({
        title: '兑付申请已通过审核',
        body: `您提交的兑付申请（申请金额${p.amount}元）已通过审核，等待支付审批。`,
      }),
      en: (p) => ({
        title: 'Redemption application approved',
        body: `Your redemption application for CNY ${p.amount} has been approved and now waits for the payment approval.`,
      }),
    },
  ),
  'settlement.payment_approved': template(
    'settlement_step',
    { amount: z.string() },
    {
      'zh-CN': (p) => ({
        title: '兑付申请已通过支付审批',
        body: `您提交的兑付申请（申请金额${p.amount}元）已通过支付审批，等待财务转账。`,
      }),
      en: (p) => ({
        title: 'Redemption payment approved',
        body: `The payment of your redemption application for CNY ${p.amount} has been approved; the transfer follows.`,
      }),
    },
  ),
  'settlement.rejected': template(
    'settlement_step',
    { amount: z.string(), reason },
    {
      'zh-CN': (p) => ({
        title: '兑付申请未通过审核',
        body: `您提交的兑付申请（申请金额${p.amount}元）未通过审核，申请中的款项可重新申请兑付。原因：${p.reason}`,
      }),
      en: (p) => ({
        title: 'Redemption application not approved',
        body: `Your redemption application for CNY ${p.amount} was not approved; what it claimed may be claimed again. Reason: ${p.reason}`,
      }),
    },
  ),
  'settlement.paid': template(
    'settlement_step',
    { amount: z.string(), reference: z.string(), paidOn: z.string() },
    {
      'zh-CN': (p) => ({
        title: '兑付款项已支付',
        body: `您的兑付申请款项${p.amount}元已于${p.paidOn}转账支付（转账流水号${p.reference}），请核对到账后确认收款。`,
      }),
      en: (p) => ({
        title: 'Redemption paid',
        body: `CNY ${p.amount} of your redemption application was transferred on ${p.paidOn} (reference ${p.reference}). Please confirm receipt once it has arrived.`,
      }),
    },
  ),
  // issue 18 item 2: a new announcement (公告), for everyone who opted in
  'announcement.published': template(
    'announcement',
    { title: z.string() },
    {
      'zh-CN': (p) => ({ title: '新公告', body: `平台发布了新公告「${p.title}」，请到公告栏查看。` }),
      en: (p) => ({
        title: 'New announcement',
        body: `A new announcement has been published: "${p.title}". Read it in the announcements.`,
      }),
    },
  ),
  // issue 18 item 2 (LOT-2/LOT-3, Jinan's pop-up): a reservation window opened, for the enterprises qualified for its year
  'reservation.window_opened': template(
    'reservation_window',
    { campaignName, year, closesAt: z.string() },
    {
      'zh-CN': (p) => ({
        title: '服务券预约已开始',
        body: `「${p.campaignName}」已开放预约，您已具备${p.year}年度服务券资格，可在${p.closesAt}前预约服务券。`,
      }),
      en: (p) => ({
        title: 'Voucher reservations are open',
        body: `Reservations for "${p.campaignName}" are open. With your ${p.year} voucher qualification you may reserve vouchers until ${p.closesAt}.`,
      }),
    },
  ),
} as const;

export type TemplateKey = keyof typeof templates;
type ParamsOf<K extends TemplateKey> = z.output<(typeof templates)[K]['params']>;

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

/**
 * A programme's own wording of some templates (DOMAIN §0b), ready to fill: by
 * `<key> <locale>`, the title and body split at their `{variable}`s, the
 * variables' names at the odd places. Made once per change of the settings
 * (`programmeWording`), so that writing a message only joins strings.
 */
export type ProgrammeWording = ReadonlyMap<string, { title: readonly string[]; body: readonly string[] }>;

/** No wording of the programme's own: every message in the platform's words. */
export const platformWording: ProgrammeWording = new Map();

export const wordingKey = (template: TemplateKey, locale: MessageLocale) => `${template} ${locale}`;

const fill = (parts: readonly string[], params: Record<string, unknown>) =>
  parts.map((part, i) => (i % 2 === 1 ? String(params[part]) : part)).join('');

function write(draft: Draft, locale: MessageLocale, wording: ProgrammeWording): Rendered {
  const own = wording.get(wordingKey(draft.template, locale));
  if (own) return { title: fill(own.title, draft.params), body: fill(own.body, draft.params) };
  return (templates[draft.template] as unknown as Template).write[locale](draft.params);
}

/** Writes a draft out in every language: the programme's wording of its template where it has one, else the platform's. */
export function compose(draft: Draft, wording: ProgrammeWording = platformWording): ComposedMessage {
  const [zh, en] = messageLocales.map((locale) => write(draft, locale, wording)) as [Rendered, Rendered];
  return {
    userId: draft.userId,
    kind: templates[draft.template].kind,
    template: draft.template,
    params: draft.params,
    title: { 'zh-CN': zh.title, en: en.title },
    body: { 'zh-CN': zh.body, en: en.body },
  };
}

/**
 * Writes drafts out; drafts that share their template and their params object
 * (a draw's chunk: 5,000 recipients of one text, LOT-7) share one rendering,
 * so their messages share one text when written.
 */
export function composeAll(drafts: readonly Draft[], wording: ProgrammeWording = platformWording): ComposedMessage[] {
  const rendered = new Map<object, Map<TemplateKey, ComposedMessage>>();
  return drafts.map((draft) => {
    let byTemplate = rendered.get(draft.params);
    if (!byTemplate) rendered.set(draft.params, (byTemplate = new Map()));
    let shared = byTemplate.get(draft.template);
    if (!shared) byTemplate.set(draft.template, (shared = compose(draft, wording)));
    return { ...shared, userId: draft.userId };
  });
}
