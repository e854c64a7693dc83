import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../config/app-config';

const base = () => ({ DATA_DIR: mkdtempSync(join(tmpdir(), 'renkei-config-')) });

describe('configuration', () => {
  it('defaults to embedded mode with generated, persisted secrets', () => {
    const env = base();
    const first = loadConfig(env);
    expect(first.mode).toBe('embedded');
    expect(first.redisUrl).toBeNull();
    expect(loadConfig(env).jwtSecret.equals(first.jwtSecret)).toBe(true);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ GRAPHQL_INTROSPECTION: 'maybe' }, 'GRAPHQL_INTROSPECTION'],
    [{ ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD'],
    [{ JWT_SECRET: 'abc' }, 'JWT_SECRET'],
    [{ TRUST_PROXY: 'everyone' }, 'TRUST_PROXY'],
    [{ NODE_ENV: 'production' }, 'DATABASE_URL'],
    [{ NODE_ENV: 'production', DATABASE_URL: 'postgres://h/db' }, 'JWT_SECRET'],
  ])('stops on %j naming %s', (env, variable) => {
    expect(() => loadConfig({ ...base(), ...env })).toThrow(ConfigError);
    try {
      loadConfig({ ...base(), ...env });
    } catch (error) {
      expect((error as ConfigError).variable).toBe(variable);
      expect((error as ConfigError).message).toContain(variable);
    }
  });

  it('turns introspection and the sandbox off in production by default', () => {
    const config = loadConfig({
      ...base(),
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://h/db',
      JWT_SECRET: 'a'.repeat(64),
      ENCRYPTION_KEY: 'b'.repeat(64),
    });
    expect(config.graphqlIntrospection).toBe(false);
    expect(config.graphqlSandbox).toBe(false);
    expect(config.migrationsRun).toBe(false);
  });
});
