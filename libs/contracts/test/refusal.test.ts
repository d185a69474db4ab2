import { describe, expect, it } from 'vitest';
import { AppError, isRefusal, refusalError, type Refusal } from '../src/index.ts';

type Decision = { to: string };
type StateRefusal = Refusal<'INVALID_STATE', { state: string; paymentState?: 'requested' }>;

describe('one refusal shape for every rule in domain/', () => {
  it('tells a refusal from a decision', () => {
    const decided: Decision | StateRefusal = { to: 'accepted' };
    const refused: Decision | StateRefusal = { refused: 'INVALID_STATE', state: 'cancelled', why: 'too late' };
    expect(isRefusal(decided)).toBe(false);
    expect(isRefusal(refused)).toBe(true);
  });

  it('answers as the AppError of its code, with its facts as the details the client reads', () => {
    const err = refusalError({
      refused: 'INVALID_STATE',
      state: 'pending_payment',
      paymentState: 'requested',
      why: 'w',
    });
    expect(err).toBeInstanceOf(AppError);
    expect(err.toBody()).toEqual({
      code: 'INVALID_STATE',
      message: 'w',
      details: { state: 'pending_payment', paymentState: 'requested' },
    });
    // a refusal with no facts carries no details
    expect(refusalError({ refused: 'FORBIDDEN', why: 'not yours' }).toBody()).toEqual({
      code: 'FORBIDDEN',
      message: 'not yours',
    });
  });
});
