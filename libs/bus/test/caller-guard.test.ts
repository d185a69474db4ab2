import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { AppError, type Caller } from '@voucher/contracts';
import { actingProvider, requireCaller, requireRole, type HandlerContext } from '../src/index.ts';

/** A handler's context as the bus builds it, for a caller or for nobody signed in. */
function contextOf(caller?: Caller): HandlerContext {
  return { requestId: 'r-1', log: pino({ level: 'silent' }), sender: 'gateway', ...(caller ? { caller } : {}) };
}

function refusal(guard: () => unknown): string | undefined {
  try {
    guard();
    return undefined;
  } catch (err) {
    return err instanceof AppError ? err.code : String(err);
  }
}

const enterprise: Caller = { userId: 'e-1', role: 'enterprise' };
const admin: Caller = { userId: 'a-1', role: 'admin' };
const provider: Caller = { userId: 'p-1', role: 'provider' };
const staffWithOrders: Caller = { userId: 's-1', role: 'provider_staff', providerId: 'p-1', permissions: ['orders'] };
const staffWithout: Caller = { userId: 's-2', role: 'provider_staff', providerId: 'p-1', permissions: ['products'] };

describe('the one guard idiom of every handler (DOMAIN §1)', () => {
  it('refuses a command to nobody signed in, UNAUTHENTICATED, whatever it asks for', () => {
    expect(refusal(() => requireCaller(contextOf()))).toBe('UNAUTHENTICATED');
    expect(refusal(() => requireRole(contextOf(), 'enterprise'))).toBe('UNAUTHENTICATED');
    expect(refusal(() => actingProvider(contextOf(), 'orders'))).toBe('UNAUTHENTICATED');
    expect(requireCaller(contextOf(enterprise))).toEqual(enterprise);
  });

  it('lets a role its commands, refuses it the others, FORBIDDEN', () => {
    expect(requireRole(contextOf(enterprise), 'enterprise')).toEqual(enterprise);
    expect(refusal(() => requireRole(contextOf(enterprise), 'operator', 'approver'))).toBe('FORBIDDEN');
  });

  it('lets an administrator stand in for a platform role, never act as an enterprise or a provider', () => {
    expect(requireRole(contextOf(admin), 'scheduler')).toEqual(admin);
    expect(refusal(() => requireRole(contextOf(admin), 'enterprise'))).toBe('FORBIDDEN');
    expect(refusal(() => requireRole(contextOf(admin), 'provider'))).toBe('FORBIDDEN');
  });

  it('finds the provider a caller acts for: itself, or its staff with the menu (ID-8); no one else', () => {
    expect(actingProvider(contextOf(provider), 'orders').providerId).toBe('p-1');
    expect(actingProvider(contextOf(staffWithOrders), 'orders').providerId).toBe('p-1');
    expect(refusal(() => actingProvider(contextOf(staffWithout), 'orders'))).toBe('FORBIDDEN');
    expect(refusal(() => actingProvider(contextOf(enterprise), 'orders'))).toBe('FORBIDDEN');
  });
});
