import { createHash, createHmac } from 'node:crypto';
import { lot6 } from './lot6.ts';

/** LOT-6 on Node's crypto: the lottery service, the gateway's verify route and the CLI. */
export const { commitmentOf, eligibleHashOf, finalSeedOf, scoreOf, winnersOf, verifyPublication } = lot6({
  sha256Hex: (text) => createHash('sha256').update(text, 'utf8').digest('hex'),
  hmacSha256Hex: (keyHex, text) => createHmac('sha256', Buffer.from(keyHex, 'hex')).update(text, 'utf8').digest('hex'),
});
