import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { BearerAuthGuard } from './bearer-auth.guard.js';
import { BearerAuthMiddleware } from './bearer-auth.middleware.js';
import { BearerAuthenticator } from './bearer-authenticator.js';
import { OidcDiscoveryService } from './oidc-discovery.service.js';
import { OidcJwtStrategy } from './oidc-jwt.strategy.js';

/** OIDC bearer authentication (AUTH_ENABLED): the global guard, and the check that runs before body parsing. */
@Module({
  imports: [PassportModule.register({ session: false })],
  providers: [OidcDiscoveryService, OidcJwtStrategy, BearerAuthenticator, BearerAuthMiddleware, { provide: APP_GUARD, useClass: BearerAuthGuard }],
  exports: [BearerAuthenticator, BearerAuthMiddleware],
})
export class AuthModule {}
