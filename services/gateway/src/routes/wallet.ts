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
  route({
    method: 'GET',
    url: '/admin/wallet/integrity',
    tags: ['admin'],
    summary: "The ledger's identities checked now: per voucher and overall (WAL-3)",
    auth: ['admin'],
    command: wallet.integrity,
    payload: () => ({}),
  }),
  route({
    method: 'PUT',
    url: '/wallet/pin',
    tags: ['wallet'],
    summary: 'Set my payment PIN, or change it with the old one (WAL-2); 5 wrong PINs lock payments for 30 minutes',
    auth: ['enterprise'],
    limit: 'pin',
    body: wallet.setPin.request,
    command: wallet.setPin,
    payload: ({ body }) => body,
    status: 204,
  }),
  route({
    method: 'POST',
    url: '/wallet/pin/reset',
    tags: ['wallet'],
    summary: 'Reset a forgotten PIN with the SMS code sent for reset_pin (WAL-2)',
    auth: ['enterprise'],
    limit: 'pin',
    body: wallet.resetPin.request,
    command: wallet.resetPin,
    payload: ({ body }) => body,
    status: 204,
  }),
];
