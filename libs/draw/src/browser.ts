import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { lot6 } from './lot6.ts';

/** LOT-6 on a pure-JS SHA-256, for the portal: the browser re-derives a draw by itself (issue 10). */
export const { commitmentOf, eligibleHashOf, finalSeedOf, scoreOf, winnersOf, verifyPublication } = lot6({
  sha256Hex: (text) => bytesToHex(sha256(utf8ToBytes(text))),
  hmacSha256Hex: (keyHex, text) => bytesToHex(hmac(sha256, hexToBytes(keyHex), utf8ToBytes(text))),
});
export type { Verification } from './lot6.ts';
