import { callerMac, type BusKeys } from '@voucher/bus';
import type { Caller } from '@voucher/contracts';

/**
 * A caller assertion as an identity other than the gateway would forge it
 * with everything it holds (A7): the gateway's issuer, every identity as
 * audience, and for each a MAC under the key the forger shares with that
 * identity, or, with `asGatewaySlot`, the key it shares with the gateway. A
 * receiver must refuse both: its MAC is under the key only it and the
 * gateway hold.
 */
export function forgedCallerAssertion(keys: BusKeys, caller: Caller, { asGatewaySlot = false } = {}): string {
  const now = Date.now();
  const aud = [...keys.identities];
  const body = Buffer.from(
    JSON.stringify({ k: 'c', iss: 'gateway', c: caller, aud, iat: now, exp: now + 60_000 }),
  ).toString('base64url');
  const macs = aud.map((id) => callerMac(keys.sharedKey(asGatewaySlot ? 'gateway' : id)!, body).toString('base64url'));
  return [body, ...macs].join('.');
}
