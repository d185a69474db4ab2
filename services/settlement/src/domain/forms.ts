import type { Application } from '@voucher/contracts';

/** Fen as yuan with two decimals, the way the forms show money (1 yuan = 100 fen). */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export interface FormTable {
  title: string;
  /** label and value rows above the table */
  facts: [string, string][];
  columns: string[];
  /** cells as shown; money columns hold yuan strings */
  rows: string[][];
  /** the last row: the totals */
  total: string[];
  /** which columns hold money (summed in the spreadsheet) */
  moneyColumns: number[];
  signature: string;
}

const facts = (a: Application): [string, string][] => [
  ['服务商名称', a.providerName],
  ['申请编号', a.id],
  ['开户银行', `${a.bankAccount.bank} ${a.bankAccount.branch}`],
  ['账户名称', a.bankAccount.accountName],
  ['银行账号', a.bankAccount.number],
  ['申请日期', a.createdAt.slice(0, 10)],
  ['兑现金额（元）', yuan(a.amount)],
];

/** SET-4 兑现申请表: the application and every voucher payment it redeems. */
export function redemptionForm(a: Application): FormTable {
  return {
    title: '中小企业服务券兑现申请表',
    facts: facts(a),
    columns: ['序号', '订单编号', '服务券编号', '券种', '使用企业', '抵扣金额（元）'],
    rows: a.lines.map((l, i) => [
      String(i + 1),
      l.orderNo,
      l.voucherNumber,
      l.category,
      l.enterpriseName,
      yuan(l.amount),
    ]),
    total: ['合计', '', '', '', `${a.lines.length} 笔`, yuan(a.amount)],
    moneyColumns: [5],
    signature: '服务商（盖章）：                法定代表人（签字）：                日期：',
  };
}

/** SET-4 使用情况明细汇总表: the same payments summed by voucher category. */
export function usageSummary(a: Application): FormTable {
  const byCategory = new Map<string, { count: number; amount: number; enterprises: Set<string> }>();
  for (const l of a.lines) {
    const c = byCategory.get(l.category) ?? { count: 0, amount: 0, enterprises: new Set<string>() };
    c.count += 1;
    c.amount += l.amount;
    c.enterprises.add(l.enterpriseName);
    byCategory.set(l.category, c);
  }
  const categories = [...byCategory.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return {
    title: '中小企业服务券使用情况明细汇总表',
    facts: facts(a),
    columns: ['券种', '使用笔数', '服务企业数', '抵扣金额（元）'],
    rows: categories.map(([code, c]) => [code, String(c.count), String(c.enterprises.size), yuan(c.amount)]),
    total: ['合计', String(a.lines.length), String(new Set(a.lines.map((l) => l.enterpriseName)).size), yuan(a.amount)],
    moneyColumns: [3],
    signature: '服务商（盖章）：                经办人：                日期：',
  };
}
