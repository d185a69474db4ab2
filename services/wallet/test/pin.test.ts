import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { Bus } from '@voucher/bus';
import { wallet, type Caller } from '@voucher/contracts';
import { loadConfig } from '@voucher/kit';
import { startService, type RunningService } from '@voucher/runtime';
import { isolate, testClient, type Isolation, type TestClient } from '@voucher/testing';
import { DEV_PIN_KEY, walletService } from '../src/service.ts';
import { identityStandIn, OWNER_PASSWORD } from './fixtures/identity-stand-in.ts';
import { pinWeakness } from '../src/domain/pin.ts';

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');
let iso: Isolation;
let service: RunningService;
let client: TestClient;
let identityPeer: Bus;
/** what identity would accept: the code "sent" to each enterprise, by `<userId>:<purpose>` */
const sentCodes = new Map<string, string>();

beforeAll(async () => {
  iso = await isolate('walletpin');
  service = await startService(walletService, { env: iso.env, installSignals: false, migrationsDir });
  client = await testClient(iso);
  identityPeer = await identityStandIn(iso, sentCodes);
});
afterAll(async () => {
  await identityPeer.close();
  await client.close();
  await service.stop();
  await iso.dispose();
});

const enterprise = (): Caller => ({ userId: uuidv7(), role: 'enterprise' });

describe('WAL-2 payment PIN', () => {
  it.each([
    ['000000', 'repeated'],
    ['123456', 'run'],
    ['987654', 'run'],
    ['345678', 'run'],
  ])('calls %s too easy (%s)', (pin, why) => expect(pinWeakness(pin)).toBe(why));

  it.each(['246810', '135790', '112233', '908172'])('accepts %s', (pin) => expect(pinWeakness(pin)).toBeNull());

  it('refuses a weak PIN with WEAK_PIN and a malformed one with the field named', async () => {
    const e = enterprise();
    expect(await client.refusal(wallet.setPin, { pin: '111111' }, e)).toMatchObject({
      code: 'WEAK_PIN',
      details: { rule: 'repeated' },
    });
    expect(await client.refusal(wallet.setPin, { pin: '12345' }, e)).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ path: 'pin' }] },
    });
  });

  it('is set the first time only with the account password or an SMS code: an access token alone is not enough', async () => {
    const e = enterprise();
    expect(await client.refusal(wallet.setPin, { pin: '246810' }, e)).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ path: 'password' }] },
    });
    expect((await client.refusal(wallet.setPin, { pin: '246810', password: 'Guess#2026' }, e)).code).toBe(
      'INVALID_CREDENTIALS',
    );
    expect((await client.refusal(wallet.setPin, { pin: '246810', smsCode: '123456' }, e)).code).toBe(
      'SMS_CODE_INVALID',
    );
    // nothing was set: it is still a first PIN, which an old PIN cannot prove
    expect(await client.refusal(wallet.setPin, { pin: '135790', oldPin: '246810' }, e)).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ path: 'password' }] },
    });
    sentCodes.set(`${e.userId}:set_pin`, '482913');
    await client.call(wallet.setPin, { pin: '246810', smsCode: '482913' }, e);
    // once set, the password no longer changes it: the old PIN does
    expect(await client.refusal(wallet.setPin, { pin: '135790', password: OWNER_PASSWORD }, e)).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ path: 'oldPin' }] },
    });
    await client.call(wallet.setPin, { pin: '135790', oldPin: '246810' }, e);
  });

  it('is set once, then changed only with the old PIN', async () => {
    const e = enterprise();
    await client.call(wallet.setPin, { pin: '246810', password: OWNER_PASSWORD }, e);
    expect((await client.refusal(wallet.setPin, { pin: '135790' }, e)).code).toBe('VALIDATION_FAILED');
    expect(await client.refusal(wallet.setPin, { pin: '135790', oldPin: '000001' }, e)).toMatchObject({
      code: 'PIN_INCORRECT',
      details: { attemptsLeft: 4 },
    });
    await client.call(wallet.setPin, { pin: '135790', oldPin: '246810' }, e);
  });

  it('locks after 5 wrong PINs for 30 minutes, even against the right one', async () => {
    const e = enterprise();
    await client.call(wallet.setPin, { pin: '246810', password: OWNER_PASSWORD }, e);
    const answers = [];
    for (let i = 0; i < 5; i++)
      answers.push(await client.refusal(wallet.setPin, { pin: '135790', oldPin: '999990' }, e));
    expect(answers.map((a) => a.code)).toEqual([
      'PIN_INCORRECT',
      'PIN_INCORRECT',
      'PIN_INCORRECT',
      'PIN_INCORRECT',
      'PIN_LOCKED',
    ]);
    const locked = await client.refusal(wallet.setPin, { pin: '135790', oldPin: '246810' }, e);
    expect(locked.code).toBe('PIN_LOCKED');
    expect(new Date(locked.details.until).getTime()).toBeGreaterThan(Date.now() + 29 * 60_000);
  });

  it('forgives the wrong PINs before a right one: the count starts again', async () => {
    const e = enterprise();
    await client.call(wallet.setPin, { pin: '246810', password: OWNER_PASSWORD }, e);
    for (let i = 0; i < 4; i++) await client.refusal(wallet.setPin, { pin: '135790', oldPin: '999990' }, e);
    await client.call(wallet.setPin, { pin: '135790', oldPin: '246810' }, e);
    expect(await client.refusal(wallet.setPin, { pin: '246810', oldPin: '999990' }, e)).toMatchObject({
      code: 'PIN_INCORRECT',
      details: { attemptsLeft: 4 },
    });
  });

  it('is reset with the SMS code identity checks, which also lifts the lock', async () => {
    const e = enterprise();
    await client.call(wallet.setPin, { pin: '246810', password: OWNER_PASSWORD }, e);
    for (let i = 0; i < 5; i++) await client.refusal(wallet.setPin, { pin: '135790', oldPin: '999990' }, e);
    expect((await client.refusal(wallet.resetPin, { smsCode: '123456', newPin: '135790' }, e)).code).toBe(
      'SMS_CODE_INVALID',
    );
    sentCodes.set(`${e.userId}:reset_pin`, '654321');
    await client.call(wallet.resetPin, { smsCode: '654321', newPin: '135790' }, e);
    await client.call(wallet.setPin, { pin: '908172', oldPin: '135790' }, e);
  });

  it('is keyed in production only by a secret of the operator’s own: a placeholder or a pattern is refused (A7)', () => {
    const production = { NODE_ENV: 'production' };
    for (const weak of ['CHANGE-ME-to-at-least-32-random-characters', 'pinkey'.repeat(6), DEV_PIN_KEY])
      expect(() => loadConfig(walletService.config, { ...production, PIN_HASH_KEY: weak })).toThrow(/PIN_HASH_KEY/);
    const own = 'Zr5u8Kq1XbN7wE2mT9yVc4hLf0sGd3jPaQ6oWiRn';
    expect(loadConfig(walletService.config, { ...production, PIN_HASH_KEY: own }).PIN_HASH_KEY).toBe(own);
  });

  it('belongs to enterprises only', async () => {
    expect((await client.refusal(wallet.setPin, { pin: '246810' }, { userId: uuidv7(), role: 'provider' })).code).toBe(
      'FORBIDDEN',
    );
  });
});
