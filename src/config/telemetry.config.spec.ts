import { ConfigError } from './env-parsers.js';
import { loadLoggingConfig } from './logging.config.js';
import { loadTelemetryConfig } from './telemetry.config.js';
import { validateEnvironment } from '../validate-environment.js';

describe('loadTelemetryConfig', () => {
  it('is off by default, with the metrics port 9464 and a local collector', () => {
    expect(loadTelemetryConfig({})).toEqual({
      enabled: false,
      metricsHost: '0.0.0.0',
      metricsPort: 9464,
      tracingEnabled: false,
      tracingOtlpEndpoint: 'http://localhost:4318/v1/traces',
    });
  });

  it('reads every variable', () => {
    expect(
      loadTelemetryConfig({
        TELEMETRY_ENABLED: 'true',
        TELEMETRY_METRICS_HOST: '127.0.0.1',
        TELEMETRY_METRICS_PORT: '9100',
        TELEMETRY_TRACING_ENABLED: 'yes',
        TELEMETRY_TRACING_OTLP_ENDPOINT: 'https://collector.example:4318/',
      }),
    ).toEqual({
      enabled: true,
      metricsHost: '127.0.0.1',
      metricsPort: 9100,
      tracingEnabled: true,
      tracingOtlpEndpoint: 'https://collector.example:4318/v1/traces',
    });
  });

  it('uses an endpoint that has a path as given', () => {
    const config = loadTelemetryConfig({ TELEMETRY_ENABLED: 'true', TELEMETRY_TRACING_OTLP_ENDPOINT: 'http://gateway-collector/otlp/v1/traces' });
    expect(config.tracingOtlpEndpoint).toBe('http://gateway-collector/otlp/v1/traces');
  });

  it.each([
    [{ TELEMETRY_ENABLED: 'maybe' }, 'TELEMETRY_ENABLED'],
    [{ TELEMETRY_METRICS_PORT: '70000' }, 'TELEMETRY_METRICS_PORT'],
    [{ TELEMETRY_METRICS_PORT: 'metrics' }, 'TELEMETRY_METRICS_PORT'],
    [{ TELEMETRY_TRACING_OTLP_ENDPOINT: 'collector:4318' }, 'TELEMETRY_TRACING_OTLP_ENDPOINT'],
    [{ TELEMETRY_TRACING_ENABLED: 'true' }, 'TELEMETRY_TRACING_ENABLED'],
  ])('refuses %j naming %s', (env, variable) => {
    expect(() => loadTelemetryConfig(env)).toThrow(ConfigError);
    expect(() => loadTelemetryConfig(env)).toThrow(new RegExp(`^${variable}: `));
  });
});

describe('validateEnvironment', () => {
  it('refuses metrics on the API port', () => {
    expect(() => validateEnvironment({ TELEMETRY_ENABLED: 'true', SERVER_PORT: '9464' })).toThrow(/^TELEMETRY_METRICS_PORT: must differ from SERVER_PORT/);
    expect(() => validateEnvironment({ SERVER_PORT: '9464' })).not.toThrow();
  });
});

describe('loadLoggingConfig', () => {
  it('reads LOG_LEVEL, info by default', () => {
    expect(loadLoggingConfig({})).toEqual({ level: 'info' });
    expect(loadLoggingConfig({ LOG_LEVEL: 'silent' })).toEqual({ level: 'silent' });
    expect(() => loadLoggingConfig({ LOG_LEVEL: 'verbose' })).toThrow(/^LOG_LEVEL: expected one of trace, debug/);
  });
});
