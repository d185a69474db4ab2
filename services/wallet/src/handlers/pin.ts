import { AppError, identity, wallet, type Caller } from '@voucher/contracts';
import { requireRole } from '@voucher/bus';
import { recordAudit } from '@voucher/db';
import { hashPin, judgePin, newSalt, pinProof, pinWeakness, type PinJudgement } from '../domain/pin.ts';
import { pinStore } from '../store/pins.ts';
import type { WalletDeps } from './deps.ts';

function assertStrong(pin: string): void {
  const weakness = pinWeakness(pin);
  if (weakness) {
    throw new AppError(
      'WEAK_PIN',
      weakness === 'repeated' ? 'a PIN of one repeated digit is too easy' : 'a PIN that counts up or down is too easy',
      {
        rule: weakness,
      },
    );
  }
}

const locked = (until: Date) =>
  new AppError('PIN_LOCKED', 'too many wrong PINs: payments are locked for a while', { until: until.toISOString() });

/** Acts on a PIN's judgement (WAL-2): forgives, or counts a wrong one and refuses. */
export async function settlePin(deps: WalletDeps, enterpriseId: string, judgement: PinJudgement): Promise<void> {
  if (judgement.ok) {
    if (judgement.forgive) await deps.attempts.clear(enterpriseId);
    return;
  }
  if (judgement.reason === 'locked') throw locked(judgement.until);
  if (judgement.reason === 'no_pin')
    throw new AppError('INVALID_STATE', 'set a payment PIN first', { state: 'no_pin' });
  const { attemptsLeft, lockedUntil } = await deps.attempts.fail(enterpriseId);
  if (lockedUntil) throw locked(lockedUntil);
  throw new AppError('PIN_INCORRECT', 'the payment PIN is wrong', { attemptsLeft });
}

/** WAL-2: checks a PIN against the stored one, counting wrong ones towards the 30-minute lock. */
async function checkPin(deps: WalletDeps, enterpriseId: string, pin: string): Promise<void> {
  const [standing] = await deps.attempts.standings([enterpriseId]);
  const stored = await pinStore(deps.db).find(enterpriseId);
  await settlePin(deps, enterpriseId, judgePin(standing!, stored ?? null, pin, deps.pinKey));
}

async function storePin(deps: WalletDeps, caller: Caller, pin: string, action: string): Promise<void> {
  const salt = newSalt();
  await deps.db.transaction().execute(async (trx) => {
    await pinStore(trx).save(caller.userId, salt, hashPin(pin, salt, deps.pinKey));
    await recordAudit(trx, { entity: 'pin', entityId: caller.userId, action, actor: caller });
  });
  await deps.attempts.clear(caller.userId);
}

export function registerPinHandlers(deps: WalletDeps): void {
  const { bus } = deps;
  // set once with the password or an SMS code; then a change needs the old PIN (a wrong one counts, like at payment)
  bus.handle(wallet.setPin, async ({ pin, ...given }, ctx) => {
    const caller = requireRole(ctx, 'enterprise');
    assertStrong(pin);
    const proof = pinProof((await pinStore(deps.db).find(caller.userId)) !== undefined, given);
    switch (proof.kind) {
      case 'missing':
        throw new AppError(
          'VALIDATION_FAILED',
          proof.field === 'oldPin'
            ? 'changing the PIN needs the old one'
            : 'a first PIN needs the account password or an SMS code sent for set_pin',
          {
            fields: [
              {
                path: proof.field,
                message: proof.field === 'oldPin' ? 'required to change the PIN' : 'required to set a first PIN',
              },
            ],
          },
        );
      case 'old_pin':
        await checkPin(deps, caller.userId, proof.oldPin);
        break;
      case 'password':
        await deps.bus.request(identity.verifyPassword, { password: proof.password }, ctx);
        break;
      case 'sms_code':
        await deps.bus.request(identity.verifySmsCode, { purpose: 'set_pin', code: proof.smsCode }, ctx);
        break;
    }
    await storePin(deps, caller, pin, proof.kind === 'old_pin' ? 'changed' : 'set');
    return {};
  });

  // a forgotten PIN: the SMS code sent to the enterprise's own mobile, checked by identity
  bus.handle(wallet.resetPin, async ({ smsCode, newPin }, ctx) => {
    const caller = requireRole(ctx, 'enterprise');
    assertStrong(newPin);
    await deps.bus.request(identity.verifySmsCode, { purpose: 'reset_pin', code: smsCode }, ctx);
    await storePin(deps, caller, newPin, 'reset');
    return {};
  });
}
