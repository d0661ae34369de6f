import { loadRedisConfig } from './redis.config.js';

describe('REDIS_URL', () => {
  it('is optional: without it state is kept in memory', () => {
    expect(loadRedisConfig({})).toEqual({});
  });

  it('reads host, port, database, user and password from a redis:// URL, TLS from rediss:// or REDIS_TLS', () => {
    expect(loadRedisConfig({ REDIS_URL: 'redis://gw:s3cr%40t@redis.internal:6380/2' }).target).toEqual({
      kind: 'tcp',
      host: 'redis.internal',
      port: 6380,
      tls: false,
      db: 2,
      username: 'gw',
      password: 's3cr@t',
    });
    expect(loadRedisConfig({ REDIS_URL: 'rediss://redis.internal' }).target).toMatchObject({ port: 6379, tls: true, db: 0 });
    expect(loadRedisConfig({ REDIS_URL: 'redis://redis.internal', REDIS_TLS: 'true' }).target).toMatchObject({ tls: true });
  });

  it('takes REDIS_PASSWORD over a password in the URL', () => {
    expect(loadRedisConfig({ REDIS_URL: 'redis://:old@redis.internal', REDIS_PASSWORD: 'new' }).target).toMatchObject({ password: 'new' });
  });

  it('reads a unix socket path', () => {
    expect(loadRedisConfig({ REDIS_URL: 'unix:///run/redis/redis.sock?db=3' }).target).toEqual({ kind: 'socket', path: '/run/redis/redis.sock', db: 3 });
  });

  it.each(['http://redis.internal', 'not a url', 'unix://', 'redis://redis.internal/x'])('refuses %s naming REDIS_URL', (value) => {
    expect(() => loadRedisConfig({ REDIS_URL: value })).toThrow(/^REDIS_URL: /);
  });
});
