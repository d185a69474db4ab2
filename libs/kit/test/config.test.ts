import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, DEV_JWT_SECRET, loadConfig, secretSetting } from '../src/config.ts';

// what `openssl rand -base64 36` gives: production takes it
const strongSecret = 'q8Lw2nV+fR0tZkX4pD9sHy7cJm1bGe6aUoT3iNhW';

describe('configuration from the environment (ARCHITECTURE A9)', () => {
  it('gives the local defaults when nothing is set', () => {
    const c = loadConfig(undefined, {});
    expect(c).toMatchObject({
      NATS_URL: 'nats://127.0.0.1:4222',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/voucher',
      REDIS_URL: 'redis://127.0.0.1:6379',
      NODE_ENV: 'development',
      PASSWORD_KDF_COST: 15,
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

  it('refuses the development JWT secret in production', () => {
    expect(() => loadConfig(undefined, { NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig(undefined, { NODE_ENV: 'production', JWT_SECRET: DEV_JWT_SECRET })).toThrow(/JWT_SECRET/);
  });

  it('refuses a password cost below the default in production, allows it in tests', () => {
    expect(() =>
      loadConfig(undefined, { NODE_ENV: 'production', JWT_SECRET: strongSecret, PASSWORD_KDF_COST: '10' }),
    ).toThrow(/PASSWORD_KDF_COST/);
    expect(loadConfig(undefined, { NODE_ENV: 'test', PASSWORD_KDF_COST: '10' }).PASSWORD_KDF_COST).toBe(10);
    expect(loadConfig(undefined, { NODE_ENV: 'production', JWT_SECRET: strongSecret }).NODE_ENV).toBe('production');
  });

  it('refuses a placeholder or low-entropy secret in production, naming the variable and why', () => {
    // the placeholder deploy/k8s/config.yaml once carried, and one that only looks long
    expect(() =>
      loadConfig(undefined, { NODE_ENV: 'production', JWT_SECRET: 'CHANGE-ME-to-at-least-32-random-characters' }),
    ).toThrow(/JWT_SECRET looks like a placeholder/);
    expect(() => loadConfig(undefined, { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(48) })).toThrow(
      /JWT_SECRET is not random enough/,
    );
    // outside production the same values are taken: only production holds real secrets
    expect(loadConfig(undefined, { JWT_SECRET: 'x'.repeat(48) }).JWT_SECRET).toBe('x'.repeat(48));
  });

  it('checks a service’s own secrets with the same rule', () => {
    const own = { SIGNING_KEY: secretSetting('development-value-of-32-characters!!') };
    expect(() =>
      loadConfig(own, {
        NODE_ENV: 'production',
        JWT_SECRET: strongSecret,
        SIGNING_KEY: 'your-signing-key-goes-here-000000',
      }),
    ).toThrow(/SIGNING_KEY looks like a placeholder/);
    expect(() => loadConfig(own, { NODE_ENV: 'production', JWT_SECRET: strongSecret })).toThrow(
      /SIGNING_KEY is the development value/,
    );
    expect(
      loadConfig(own, { NODE_ENV: 'production', JWT_SECRET: strongSecret, SIGNING_KEY: strongSecret }).SIGNING_KEY,
    ).toBe(strongSecret);
  });

  it('refuses a short JWT secret anywhere', () => {
    expect(() => loadConfig(undefined, { JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
  });
});
