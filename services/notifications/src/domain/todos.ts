import {
  reviewChainSteps,
  type ApplicationKind,
  type ApplicationState,
  type Caller,
  type OrderState,
  type ReviewChain,
  type Role,
  type TodoCounts,
  type TodoKind,
  type TodoSla,
  type TodoView,
} from '@voucher/contracts';

/**
 * 我的待办 (issue 18 item 3) as pure decisions: which to-dos an owning
 * service's step opens and closes, and, when read, which of them a caller
 * sees, when each is due, and whether it is overdue or escalated.
 */

type Localised = { 'zh-CN': string; en: string };

/** Whose a to-do is: a user's own, or an item of a role's review queue (scoped by district for a district officer). */
type TodoOwner = { userId: string } | { role: Role; district: string | null; chain: ReviewChain };

/**
 * One to-do as a step of its owning service leaves it: open or closed, as of
 * the step's own time `at`. The store applies it only when `at` is later
 * than the last step it applied to that to-do, so a redelivered or late
 * event never reopens what a later step closed.
 */
export interface TodoChange {
  kind: TodoKind;
  subjectType: string;
  subjectId: string;
  /** the review state a queue item waits in; '' for a user's own to-do */
  step: string;
  owner: TodoOwner;
  open: boolean;
  title: Localised;
  params: Record<string, unknown>;
  /** a deadline the event gives (the auto-evaluation, ORD-7); a queue item's comes from its SLA */
  dueAt: Date | null;
  at: Date;
}

// --- orders (ORD-2): each state of an order waits for one party's one action ---

/** ORD-7: an order not evaluated within 7 days of completion is evaluated "good" by the system (the default setting). */
export const AUTO_EVALUATION_DAYS = 7;
const DAY_MS = 86_400_000;

/** What an order event tells of the order: its new state (`evaluated` for the evaluation) and when. */
export interface OrderStep {
  orderId: string;
  orderNo: string;
  enterpriseId: string;
  providerId: string;
  productName: string;
  to: OrderState | 'evaluated';
  at: string;
}

interface OrderTodoKind {
  kind: TodoKind;
  /** the state of the order in which it waits */
  waitsIn: OrderState;
  party: 'enterprise' | 'provider';
  title: (what: Localised) => Localised;
}

/**
 * The order to-dos, each the action its state waits for (ORD-2): the
 * provider accepts (or declines) a paid order; the enterprise uploads the
 * signed contract after acceptance (ORD-5, the enterprise's action); the
 * provider serves it, writing its service records (ORD-6), and marks it
 * delivered; the enterprise confirms completion (or "not completed"); then
 * evaluates it (ORD-7).
 */
const ORDER_TODOS: readonly OrderTodoKind[] = [
  {
    kind: 'order_to_accept',
    waitsIn: 'awaiting_provider',
    party: 'provider',
    title: (w) => ({ 'zh-CN': `待接单：${w['zh-CN']}`, en: `Order to accept: ${w.en}` }),
  },
  {
    kind: 'contract_to_upload',
    waitsIn: 'accepted',
    party: 'enterprise',
    title: (w) => ({ 'zh-CN': `待上传合同：${w['zh-CN']}`, en: `Contract to upload: ${w.en}` }),
  },
  {
    kind: 'service_record_to_write',
    waitsIn: 'in_service',
    party: 'provider',
    title: (w) => ({ 'zh-CN': `待服务并填写服务记录：${w['zh-CN']}`, en: `Service to record and deliver: ${w.en}` }),
  },
  {
    kind: 'order_to_confirm',
    waitsIn: 'delivered',
    party: 'enterprise',
    title: (w) => ({ 'zh-CN': `待确认完成：${w['zh-CN']}`, en: `Order to confirm: ${w.en}` }),
  },
  {
    kind: 'evaluation_to_give',
    waitsIn: 'completed',
    party: 'enterprise',
    title: (w) => ({ 'zh-CN': `待评价：${w['zh-CN']}`, en: `Evaluation to give: ${w.en}` }),
  },
];

/** What an order to-do names: the product (absent from an event of an older release) and the order number. */
function orderLabel(s: OrderStep): Localised {
  return s.productName
    ? { 'zh-CN': `${s.productName}（订单 ${s.orderNo}）`, en: `${s.productName} (order ${s.orderNo})` }
    : { 'zh-CN': `订单 ${s.orderNo}`, en: `order ${s.orderNo}` };
}

/**
 * The to-dos of an order after one of its steps: the one its new state waits
 * for is open, every other is closed. Each step restates the whole order's
 * to-dos, so whatever order the events arrive in, the latest step decides
 * (an `accepted` that comes after the `in_service` that followed it opens
 * nothing). A step into `pending_payment` changes nothing: the enterprise
 * that placed the order is paying it, and nothing came before.
 */
export function orderTodoChanges(s: OrderStep): TodoChange[] {
  if (s.to === 'pending_payment') return [];
  const at = new Date(s.at);
  const label = orderLabel(s);
  return ORDER_TODOS.map((t) => {
    const open = t.waitsIn === s.to;
    return {
      kind: t.kind,
      subjectType: 'order',
      subjectId: s.orderId,
      step: '',
      owner: { userId: t.party === 'provider' ? s.providerId : s.enterpriseId },
      open,
      title: t.title(label),
      params: { orderId: s.orderId, orderNo: s.orderNo, productName: s.productName },
      dueAt: open && t.kind === 'evaluation_to_give' ? new Date(at.getTime() + AUTO_EVALUATION_DAYS * DAY_MS) : null,
      at,
    };
  });
}

// --- vouchers (WAL-6): a voucher reminded of its deadline is the enterprise's to use ---

/** A voucher's deadline as its reminder (`evt.wallet.voucher.expiring`) or its return to `available` tells it. */
export interface VoucherDeadline {
  category: string;
  categoryName: string;
  /** fen */
  balance: number;
  deadline: 'expiry' | 'reclaim';
  endsAt: string;
}

/** What a voucher's step tells: the voucher, whether it is (still, or again) to be used and before what, and when. */
export interface VoucherStep {
  voucherId: string;
  voucherNumber: string;
  enterpriseId: string;
  /** null: the voucher left `available` (used up, expired, reclaimed) */
  toUse: VoucherDeadline | null;
  at: string;
}

function voucherTitle(s: VoucherStep): Localised {
  const d = s.toUse;
  if (d === null)
    return { 'zh-CN': `待使用服务券：券号 ${s.voucherNumber}`, en: `Voucher to use: No. ${s.voucherNumber}` };
  const what = {
    'zh-CN': `${d.categoryName}（券号 ${s.voucherNumber}）`,
    en: `${d.categoryName} (No. ${s.voucherNumber})`,
  };
  return d.deadline === 'expiry'
    ? { 'zh-CN': `待使用服务券：${what['zh-CN']}，到期前使用`, en: `Voucher to use before it expires: ${what.en}` }
    : {
        'zh-CN': `待使用服务券：${what['zh-CN']}，逾期未使用将被收回`,
        en: `Voucher to use before it is reclaimed: ${what.en}`,
      };
}

/**
 * The enterprise's `voucher_to_use` (issue 18: "vouchers to use before they
 * expire"): opened by a deadline reminder (WAL-6: 7 days, then 1 day before
 * its expiry or its reclaim), due at that deadline; closed when the voucher
 * leaves `available` (used up by an order, WAL-4; expired or reclaimed,
 * WAL-6); reopened, due at the deadline it was reminded of, when a refund
 * brings it back before its expiry (WAL-5: the amounts return to a voucher
 * still valid, which is again the enterprise's to use; one refunded after
 * its expiry comes back `expired` and stays closed). A balance left by a
 * payment keeps it open: the voucher stays `available`.
 */
export function voucherTodoChanges(s: VoucherStep): TodoChange[] {
  const open = s.toUse !== null;
  return [
    {
      kind: 'voucher_to_use',
      subjectType: 'voucher',
      subjectId: s.voucherId,
      step: '',
      owner: { userId: s.enterpriseId },
      open,
      title: voucherTitle(s),
      params: {
        voucherId: s.voucherId,
        voucherNumber: s.voucherNumber,
        ...(s.toUse ? { category: s.toUse.category, deadline: s.toUse.deadline, endsAt: s.toUse.endsAt } : {}),
      },
      dueAt: s.toUse ? new Date(s.toUse.endsAt) : null,
      at: new Date(s.at),
    },
  ];
}

// --- review queues (QUA-8, SET-3): each state of a review chain waits for one role ---

/**
 * Who reviews each waiting state: qualification's chains (DOMAIN §3, its
 * `review-chain.ts`) and settlement's (SET-3, SET-5: the first review of a
 * general voucher is an operator's, of payment lines an approver's; the
 * payment steps are finance's).
 */
const REVIEWERS: Record<ReviewChain, Record<string, Role>> = {
  enterprise_certification: { submitted: 'district_officer' },
  provider_certification: { submitted: 'operator', operator_approved: 'approver' },
  voucher_qualification: { submitted: 'district_officer' },
  product: { operator_review: 'operator', expert_review: 'expert', final_review: 'approver' },
  settlement: { submitted: 'approver', assessed: 'finance', payment_approved: 'finance' },
  general_voucher: { submitted: 'operator', assessed: 'finance', payment_approved: 'finance' },
};

const CHAIN_NAMES: Record<ReviewChain, Localised> = {
  enterprise_certification: { 'zh-CN': '企业认证', en: 'enterprise certification' },
  provider_certification: { 'zh-CN': '服务商认证', en: 'provider certification' },
  voucher_qualification: { 'zh-CN': '服务券资格申请', en: 'voucher qualification' },
  product: { 'zh-CN': '商品上架审核', en: 'listing review' },
  settlement: { 'zh-CN': '兑付申请', en: 'redemption application' },
  general_voucher: { 'zh-CN': '通用服务券兑付申请', en: 'general-voucher redemption application' },
};

/** Whether a (chain, state) pair is a state that waits for a reviewer, i.e. one an SLA may be set for. */
export function isReviewState(chain: string, state: string): chain is ReviewChain {
  return chain in REVIEWERS && (reviewChainSteps[chain as ReviewChain] as readonly string[]).includes(state);
}

/**
 * The queue items of a subject of a review chain after one of its steps: the
 * state it now waits in is open in its reviewer's queue, every other review
 * state of its chain is closed (decided, withdrawn, superseded, revoked,
 * paid: all close).
 */
function queueChanges(
  chain: ReviewChain,
  subjectId: string,
  to: string,
  at: string,
  district: string | null,
  title: (state: string) => Localised,
  params: Record<string, unknown>,
): TodoChange[] {
  const when = new Date(at);
  return reviewChainSteps[chain].map((state) => ({
    kind: 'review_queue' as const,
    subjectType: chain,
    subjectId,
    step: state,
    owner: { role: REVIEWERS[chain][state]!, district, chain },
    open: to === state,
    title: title(state),
    params,
    dueAt: null,
    at: when,
  }));
}

/** What a step of an application tells (`evt.qualification.application.moved`). */
export interface ApplicationStep {
  applicationId: string;
  kind: ApplicationKind;
  companyName: string;
  district: string | null;
  year: number | null;
  to: ApplicationState;
  at: string;
}

/** A qualification application's queue items (QUA-8), in its district. */
export function reviewTodoChanges(s: ApplicationStep): TodoChange[] {
  const name = CHAIN_NAMES[s.kind];
  const year = s.year === null ? '' : ` ${s.year}`;
  return queueChanges(
    s.kind,
    s.applicationId,
    s.to,
    s.at,
    s.district,
    () => ({
      'zh-CN': `待审核：${s.companyName}的${name['zh-CN']}${year}`,
      en: `To review: the ${name.en}${year} of ${s.companyName}`,
    }),
    { applicationId: s.applicationId, companyName: s.companyName, district: s.district, year: s.year },
  );
}

/** What a step of a product's listing review tells (`evt.catalog.product.review_moved`). */
export interface ProductReviewStep {
  productId: string;
  productName: string;
  to: string;
  at: string;
}

const PRODUCT_STAGES: Record<string, Localised> = {
  operator_review: { 'zh-CN': '运营初审', en: 'operator review' },
  expert_review: { 'zh-CN': '专家评审', en: 'expert review' },
  final_review: { 'zh-CN': '终审', en: 'final review' },
};

/**
 * A product's queue items (CAT-3), platform-wide: the operator's first
 * review, the expert's, the approver's final one; a rejection, a withdrawal
 * or the listing closes them.
 */
export function productTodoChanges(s: ProductReviewStep): TodoChange[] {
  return queueChanges(
    'product',
    s.productId,
    s.to,
    s.at,
    null,
    (state) => ({
      'zh-CN': `待${PRODUCT_STAGES[state]!['zh-CN']}：${s.productName}`,
      en: `To review (${PRODUCT_STAGES[state]!.en}): ${s.productName}`,
    }),
    { productId: s.productId, productName: s.productName },
  );
}

/** What a step of a redemption application tells (`evt.settlement.application.<state>`). */
export interface RedemptionStep {
  applicationId: string;
  kind: 'voucher' | 'general';
  amount: number;
  to: string;
  at: string;
}

const SETTLEMENT_ACTIONS: Record<string, Localised> = {
  submitted: { 'zh-CN': '待审核', en: 'To assess' },
  assessed: { 'zh-CN': '待支付审批', en: 'Payment to approve' },
  payment_approved: { 'zh-CN': '待登记付款', en: 'Transfer to record' },
};

/** A redemption application's queue items (SET-3, SET-5): platform-wide, no district. */
export function settlementTodoChanges(s: RedemptionStep): TodoChange[] {
  const chain: ReviewChain = s.kind === 'general' ? 'general_voucher' : 'settlement';
  const name = CHAIN_NAMES[chain];
  const yuan = (s.amount / 100).toFixed(2);
  return queueChanges(
    chain,
    s.applicationId,
    s.to,
    s.at,
    null,
    (state) => ({
      'zh-CN': `${SETTLEMENT_ACTIONS[state]!['zh-CN']}：${name['zh-CN']}（${yuan} 元）`,
      en: `${SETTLEMENT_ACTIONS[state]!.en}: ${name.en} (CNY ${yuan})`,
    }),
    { applicationId: s.applicationId, amount: s.amount },
  );
}

// --- reading: who sees what, when it is due ---

/** An open to-do as the store keeps it. */
export interface OpenTodo {
  id: string;
  kind: TodoKind;
  subjectType: string;
  subjectId: string;
  step: string;
  userId: string | null;
  role: string | null;
  district: string | null;
  chain: string | null;
  title: Localised;
  dueAt: Date | null;
  openedAt: Date;
  createdAt: Date;
}

/** A role's queue is scoped as its own review list is: a district officer sees its district only (DOMAIN §1). */
function inScope(caller: Caller, district: string | null): boolean {
  if (caller.role !== 'district_officer') return true;
  return caller.district !== undefined && district === caller.district;
}

const slaKey = (chain: string, state: string) => `${chain}\u0000${state}`;

/**
 * Whose own to-dos the caller sees: its own; a provider's staff with the
 * `orders` menu (ID-8) also its provider's, which are all order to-dos.
 */
export function ownersOf(caller: Caller): string[] {
  const staffOfProvider =
    caller.role === 'provider_staff' && caller.providerId !== undefined && caller.permissions?.includes('orders');
  return staffOfProvider ? [caller.userId, caller.providerId!] : [caller.userId];
}

/**
 * The caller's to-dos, oldest due first: its own, the items of its role's
 * queues within its scope, and the overdue items of the review states that
 * escalate to its role (issue 18 item 3); a provider's staff with the
 * `orders` menu, its provider's too. A queue item is due its SLA's
 * hours after it started waiting; past that it is overdue, and escalated
 * when its chain names a role to escalate to. Nobody else's own to-dos are
 * ever shown, whatever the role.
 */
export function todosOf(caller: Caller, rows: readonly OpenTodo[], slas: readonly TodoSla[], now: Date): TodoView[] {
  const slaOf = new Map(slas.map((s) => [slaKey(s.chain, s.state), s]));
  const owners = new Set(ownersOf(caller));
  const views: { view: TodoView; due: number; opened: number }[] = [];
  for (const row of rows) {
    let due: Date | null;
    let escalated = false;
    if (row.userId !== null) {
      if (!owners.has(row.userId)) continue;
      due = row.dueAt;
    } else {
      const sla = row.chain === null ? undefined : slaOf.get(slaKey(row.chain, row.step));
      due = sla?.hours ? new Date(row.openedAt.getTime() + sla.hours * 3_600_000) : null;
      const overdue = due !== null && due.getTime() < now.getTime();
      escalated = overdue && Boolean(sla?.escalateTo);
      const reviewer = row.role === caller.role;
      const escalatedToCaller = escalated && sla?.escalateTo === caller.role;
      if (!(reviewer || escalatedToCaller) || !inScope(caller, row.district)) continue;
    }
    const overdue = due !== null && due.getTime() < now.getTime();
    views.push({
      view: {
        id: row.id,
        kind: row.kind,
        subjectType: row.subjectType,
        subjectId: row.subjectId,
        state: row.step === '' ? null : row.step,
        title: row.title,
        dueAt: due?.toISOString() ?? null,
        overdue,
        escalated,
        createdAt: row.openedAt.toISOString(),
      },
      due: due?.getTime() ?? Number.POSITIVE_INFINITY,
      opened: row.openedAt.getTime(),
    });
  }
  views.sort((a, b) => a.due - b.due || a.opened - b.opened || (a.view.id < b.view.id ? -1 : 1));
  return views.map((v) => v.view);
}

/** How many to-dos of each kind, and how many of them overdue (the panel's badges). */
export function countTodos(todos: readonly TodoView[]): TodoCounts {
  const byKind = new Map<TodoKind, { kind: TodoKind; count: number; overdue: number }>();
  for (const t of todos) {
    const k = byKind.get(t.kind) ?? { kind: t.kind, count: 0, overdue: 0 };
    k.count += 1;
    if (t.overdue) k.overdue += 1;
    byKind.set(t.kind, k);
  }
  return {
    total: todos.length,
    overdue: todos.filter((t) => t.overdue).length,
    byKind: [...byKind.values()].sort((a, b) => a.kind.localeCompare(b.kind)),
  };
}

/** The review states whose overdue items escalate to a role: what the store loads for that role besides its own. */
export function escalatedTo(role: Role, slas: readonly TodoSla[]): { chain: string; state: string }[] {
  return slas.filter((s) => s.escalateTo === role && s.hours !== null).map((s) => ({ chain: s.chain, state: s.state }));
}
