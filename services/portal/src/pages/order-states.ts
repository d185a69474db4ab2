/** ORD-2's states as the seed manuals name them (003 §4.7). */
export const orderStateText: Record<string, string> = {
  pending_payment: '待支付',
  awaiting_provider: '待服务商确认',
  accepted: '已确认',
  in_service: '服务中',
  delivered: '待验收',
  completed: '已完成',
  evaluated: '已评价',
  cancelled: '已取消',
};
