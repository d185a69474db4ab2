/** SET-6, pure: the wallet's figures and settlement's redemptions merged per key, sorted by key. */
export interface WalletFigures {
  key: string;
  issuedCount: number;
  issued: number;
  used: number;
  forfeited: number;
  expired: number;
  reclaimed: number;
}

export function mergeVoucherFigures(
  wallet: WalletFigures[],
  redeemed: Map<string, number>,
  labelOf: (key: string) => string,
) {
  const keys = [...new Set([...wallet.map((w) => w.key), ...redeemed.keys()])].sort();
  const byKey = new Map(wallet.map((w) => [w.key, w]));
  return keys.map((key) => {
    const w = byKey.get(key) ?? { key, issuedCount: 0, issued: 0, used: 0, forfeited: 0, expired: 0, reclaimed: 0 };
    return { ...w, label: labelOf(key), redeemed: redeemed.get(key) ?? 0 };
  });
}

/** Good / total in percent, one decimal; 0 when nothing was evaluated. */
export function goodRate(good: number, total: number): number {
  return total === 0 ? 0 : Math.round((good / total) * 1000) / 10;
}
