import { loadCorsConfig } from './cors.config.js';

describe('loadCorsConfig', () => {
  it('is off by default', () => {
    expect(loadCorsConfig({})).toEqual({ enabled: false, allowedOrigins: [] });
  });

  it('reads origins (normalised) and *', () => {
    expect(loadCorsConfig({ CORS_ALLOWED_ORIGINS: 'https://App.Example.com, http://localhost:3000/ ,*' })).toEqual({
      enabled: true,
      allowedOrigins: ['https://app.example.com', 'http://localhost:3000', '*'],
    });
  });

  it.each(['app.example.com', 'https://app.example.com/path', 'ftp://files.example.com', 'https://user@app.example.com'])(
    'refuses %s, naming the variable',
    (origin) => {
      expect(() => loadCorsConfig({ CORS_ALLOWED_ORIGINS: origin })).toThrow(/^CORS_ALLOWED_ORIGINS: /);
    },
  );
});
