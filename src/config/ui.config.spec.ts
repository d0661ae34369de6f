import { loadUiConfig } from './ui.config.js';
import { validateEnvironment } from '../validate-environment.js';

describe('web UI configuration', () => {
  it('is on by default, without a sign-in client', () => {
    expect(loadUiConfig({})).toEqual({ enabled: true, clientId: '' });
  });

  it('reads UI_ENABLED and AUTH_UI_CLIENT_ID', () => {
    expect(loadUiConfig({ UI_ENABLED: 'false', AUTH_UI_CLIENT_ID: ' llm-gateway-ui ' })).toEqual({ enabled: false, clientId: 'llm-gateway-ui' });
  });

  it.each([
    [{ UI_ENABLED: 'maybe' }, /^UI_ENABLED: /],
    [{ AUTH_UI_CLIENT_ID: 'two words' }, /^AUTH_UI_CLIENT_ID: /],
  ])('stops start-up on a bad value, naming the variable (%j)', (env, message) => {
    expect(() => validateEnvironment(env)).toThrow(message);
  });
});
