import { toHttpsOptions } from '../common/http/tls-options.js';
import { loadTlsConfig } from './tls.config.js';

describe('TLS configuration', () => {
  it('is off without paths and needs both', () => {
    expect(loadTlsConfig({}).enabled).toBe(false);
    expect(() => loadTlsConfig({ SERVER_TLS_CERT_PATH: '/tls/cert.pem' })).toThrow(/^SERVER_TLS_KEY_PATH: required/);
    expect(() => loadTlsConfig({ SERVER_TLS_KEY_PATH: '/tls/key.pem' })).toThrow(/^SERVER_TLS_CERT_PATH: required/);
  });

  it('names the file that cannot be read', () => {
    const config = loadTlsConfig({ SERVER_TLS_CERT_PATH: '/nonexistent/cert.pem', SERVER_TLS_KEY_PATH: '/nonexistent/key.pem' });
    expect(() => toHttpsOptions(config)).toThrow('SERVER_TLS_CERT_PATH: cannot read /nonexistent/cert.pem (ENOENT)');
  });
});
