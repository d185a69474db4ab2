import { wallet } from '@voucher/contracts';
import { route, type RouteDef } from '../http/route-table.ts';

/** API.md § Wallet: the enterprise's own bag and bills. */
export const walletRoutes: readonly RouteDef[] = [
  route({
    method: 'GET',
    url: '/wallet/vouchers',
    tags: ['wallet'],
    summary: 'My vouchers, by state (WAL-1); a drawn voucher shows from its batch publication',
    auth: ['enterprise'],
    query: wallet.myVouchers.request,
    command: wallet.myVouchers,
    payload: ({ query }) => query,
  }),
  route({
    method: 'GET',
    url: '/wallet/ledger',
    tags: ['wallet'],
    summary: 'My bills: every balance change of my vouchers, signed fen (WAL-3)',
    auth: ['enterprise'],
    query: wallet.myLedger.request,
    command: wallet.myLedger,
    payload: ({ query }) => query,
  }),
];
