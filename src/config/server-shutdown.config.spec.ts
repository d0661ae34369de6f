import { ConfigError } from './env-parsers.js';
import { loadServerConfig } from './server.config.js';

describe('shutdown settings of the server config', () => {
  it('defaults to a 5s delay and a 60s drain timeout', () => {
    expect(loadServerConfig({})).toMatchObject({ shutdownDelayMs: 5_000, drainTimeoutMs: 60_000 });
  });

  it('reads SERVER_SHUTDOWN_DELAY and SERVER_DRAIN_TIMEOUT as durations', () => {
    expect(loadServerConfig({ SERVER_SHUTDOWN_DELAY: '0s', SERVER_DRAIN_TIMEOUT: '2m' })).toMatchObject({ shutdownDelayMs: 0, drainTimeoutMs: 120_000 });
    expect(loadServerConfig({ SERVER_SHUTDOWN_DELAY: '1500ms', SERVER_DRAIN_TIMEOUT: '45' })).toMatchObject({ shutdownDelayMs: 1_500, drainTimeoutMs: 45_000 });
  });

  it.each(['SERVER_SHUTDOWN_DELAY', 'SERVER_DRAIN_TIMEOUT'])('names %s when it is not a duration', (variable) => {
    const load = () => loadServerConfig({ [variable]: 'soon' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(`${variable}: expected a duration`);
  });
});
