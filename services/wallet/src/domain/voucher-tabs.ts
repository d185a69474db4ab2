import { voucherStates, type VoucherView } from '@voucher/contracts';

type VoucherState = VoucherView['state'];

/**
 * WAL-1: the bag shows each voucher under its state, one tab a state
 * (`voucherStates`: available, used, expired, and reclaimed for those the
 * programme took back, WAL-6). A voucher still `available` once its expiry
 * has passed shows as expired: it can no longer pay (WAL-4), and the expiry
 * job that writes its state and ledger entry (WAL-6) may not have run yet.
 */
export function shownState(state: VoucherState, lapsed: boolean): VoucherState {
  return state === 'available' && lapsed ? 'expired' : state;
}

/** A voucher as the bag's filter sees it: its stored state and whether its expiry has passed. */
export interface StoredStanding {
  state: VoucherState;
  lapsed: boolean;
}

/**
 * WAL-1: what a tab lists, as stored standings for the store's filter: the
 * ones `shownState` shows under that tab, so that a tab lists exactly the
 * vouchers that show its state.
 */
export function standingsUnderTab(tab: VoucherState): StoredStanding[] {
  return voucherStates
    .flatMap((state) => [false, true].map((lapsed) => ({ state, lapsed })))
    .filter((s) => shownState(s.state, s.lapsed) === tab);
}
