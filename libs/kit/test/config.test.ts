import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, loadConfig, secretSetting } from '../src/config.ts';

// what `openssl rand -base64 36` gives: production takes it
const strongSecret = 'q8Lw2nV+fR0tZkX4pD9sHy7cJm1bGe6aUoT3iNhW';

describe('configuration from the environment (ARCHITECTURE A9)', () => {
  it('gives the local defaults when nothing is set', () => {
    const c = loadConfig(undefined, {});
    expect(c).toMatchObject({
      NATS_URL: 'nats://127.0.0.1:4223',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/voucher',
      REDIS_URL: 'redis://127.0.0.1:6379',
      NODE_ENV: 'development',
      PASSWORD_KDF_COST: 17,
    });
  });

  it('reads a service’s own variables next to the platform’s', () => {
    const c = loadConfig({ GATEWAY_PORT: z.coerce.number().default(8080) }, { GATEWAY_PORT: '9000' });
    expect(c.GATEWAY_PORT).toBe(9000);
  });

  it('names every wrong variable at once', () => {
    const attempt = () => loadConfig(undefined, { DB_POOL_MAX: 'many', BUS_PREFIX: 'a.b' });
    expect(attempt).toThrow(/DB_POOL_MAX/);
    expect(attempt).toThrow(/BUS_PREFIX/);
  });

  it('refuses a password cost below the default in production, allows it in tests', () => {
    // OWASP's scrypt minimum is N = 2^17: production refuses the 2^15 this platform once used
    expect(() => loadConfig(undefined, { NODE_ENV: 'production', PASSWORD_KDF_COST: '15' })).toThrow(
      /PASSWORD_KDF_COST below 17/,
    );
    expect(loadConfig(undefined, { NODE_ENV: 'test', PASSWORD_KDF_COST: '10' }).PASSWORD_KDF_COST).toBe(10);
    expect(loadConfig(undefined, { NODE_ENV: 'production' }).NODE_ENV).toBe('production');
  });

  const own = { SIGNING_KEY: secretSetting('development-value-of-32-characters!!') };

  it('refuses a placeholder, low-entropy or development secret in production, naming the variable and why', () => {
    const production = (SIGNING_KEY?: string) =>
      loadConfig(own, { NODE_ENV: 'production', ...(SIGNING_KEY ? { SIGNING_KEY } : {}) });
    // the placeholder deploy/k8s/config.yaml carried, one that only looks long, and the value in the code
    expect(() => production('CHANGE-ME-to-at-least-32-random-characters')).toThrow(ConfigError);
    expect(() => production('CHANGE-ME-to-at-least-32-random-characters')).toThrow(
      /SIGNING_KEY looks like a placeholder/,
    );
    expect(() => production('x'.repeat(48))).toThrow(/SIGNING_KEY is not random enough/);
    expect(() => production()).toThrow(/SIGNING_KEY is the development value/);
    expect(production(strongSecret).SIGNING_KEY).toBe(strongSecret);
  });

  it('takes any secret of 32 characters outside production, and refuses a short one anywhere', () => {
    expect(loadConfig(own, { SIGNING_KEY: 'x'.repeat(48) }).SIGNING_KEY).toBe('x'.repeat(48));
    expect(() => loadConfig(own, { SIGNING_KEY: 'short' })).toThrow(/SIGNING_KEY: at least 32 characters/);
  });
});
