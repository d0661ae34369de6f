import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { corsConfig, type CorsConfig } from '../../config/cors.config.js';
import { tlsConfig, type TlsConfig } from '../../config/tls.config.js';

/** Response headers browsers may read from a cross-origin answer. */
const EXPOSED_HEADERS = [
  'x-request-id',
  'retry-after',
  'retry-after-ms',
  'www-authenticate',
  'x-selected-provider',
  'x-selected-model',
  'x-gateway-attempts',
  'x-upstream-request-id',
];

/**
 * Security headers that make sense for an API that also serves Swagger UI (same-origin scripts,
 * its inline styles, data: images; no framing, no plugins), and CORS only for the configured
 * origins. Call before any route is mounted.
 */
export function applyHttpHardening(app: NestExpressApplication): void {
  const tls = app.get<TlsConfig>(tlsConfig.KEY);
  const cors = app.get<CorsConfig>(corsConfig.KEY);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          baseUri: ["'self'"],
          connectSrc: ["'self'"],
          fontSrc: ["'self'", 'data:'],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          imgSrc: ["'self'", 'data:'],
          objectSrc: ["'none'"],
          scriptSrc: ["'self'"],
          scriptSrcAttr: ["'none'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
        },
      },
      frameguard: { action: 'deny' },
      // Only an HTTPS listener may tell browsers to insist on HTTPS.
      strictTransportSecurity: tls.enabled ? { maxAge: 31_536_000 } : false,
    }),
  );
  if (cors.enabled) {
    app.enableCors({
      origin: cors.allowedOrigins.includes('*') ? '*' : cors.allowedOrigins,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      exposedHeaders: EXPOSED_HEADERS,
      credentials: false,
      maxAge: 600,
    });
  }
}
