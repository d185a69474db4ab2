import { createHash, createHmac } from 'node:crypto';
import { lot6 } from './lot6.ts';

/** The key of the last HMAC: a draw scores every id under one final seed, so its bytes are decoded once. */
let lastKey: { hex: string; bytes: Buffer } | undefined;
function keyBytes(hex: string): Buffer {
  if (lastKey?.hex !== hex) lastKey = { hex, bytes: Buffer.from(hex, 'hex') };
  return lastKey.bytes;
}

/** LOT-6 on Node's crypto: the lottery service, the gateway's verify worker and the CLI. */
export const { commitmentOf, eligibleHashOf, finalSeedOf, scoreOf, winnersOf, verifyPublication } = lot6({
  sha256Hex: (text) => createHash('sha256').update(text, 'utf8').digest('hex'),
  hmacSha256Hex: (keyHex, text) => createHmac('sha256', keyBytes(keyHex)).update(text, 'utf8').digest('hex'),
});
