import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import passport from 'passport';
import { Strategy } from 'passport-jwt';
import { authConfig } from '../config/auth.config.js';
import { extractAccessToken } from './access-token.js';
import { ASYMMETRIC_ALGORITHMS } from './issuer-metadata.js';
import { OidcDiscoveryService } from './oidc-discovery.service.js';
import { resolveSigningKey, TokenRejectedError } from './signing-key.resolver.js';
import { toVerifiedIdentity, type VerifiedIdentity } from './verified-identity.js';

export const OIDC_JWT_STRATEGY = 'oidc-jwt';

/** One passport per strategy instance, not the process-wide one, so two gateways in one process never mix. */
const passports = new WeakMap<object, passport.PassportStatic>();

/**
 * passport-jwt configured as an OAuth 2.0 resource server: the key comes from the issuer's key
 * set, jsonwebtoken checks the signature, `aud`, `iss`, `exp` and `nbf` (with a small clock
 * tolerance), and only asymmetric algorithms pass.
 */
@Injectable()
export class OidcJwtStrategy extends PassportStrategy(Strategy, OIDC_JWT_STRATEGY) {
  constructor(
    @Inject(authConfig.KEY) config: ConfigType<typeof authConfig>,
    private readonly discovery: OidcDiscoveryService,
  ) {
    super({
      jwtFromRequest: extractAccessToken,
      secretOrKeyProvider: (_request: unknown, rawToken: string, done: (error: unknown, key?: string) => void) => {
        resolveSigningKey(discovery.current, rawToken).then(
          (key) => done(null, key),
          (error: unknown) => done(error),
        );
      },
      audience: config.audience,
      // The exact `iss` is checked in validate(); this admits only the configured issuer's two spellings.
      issuer: [config.issuer, `${config.issuer}/`],
      algorithms: [...ASYMMETRIC_ALGORITHMS],
      // passport-jwt's only way to pass a clock tolerance to jsonwebtoken.
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      jsonWebTokenOptions: { clockTolerance: config.clockToleranceSeconds },
    });
  }

  getPassportInstance(): passport.PassportStatic {
    let instance = passports.get(this);
    if (!instance) {
      instance = new passport.Passport() as passport.PassportStatic;
      passports.set(this, instance);
    }
    return instance;
  }

  validate(claims: Record<string, unknown>): VerifiedIdentity {
    const issuer = this.discovery.current?.metadata.issuer;
    if (claims.iss !== issuer) throw new TokenRejectedError(`the token was issued by ${JSON.stringify(claims.iss)}, not ${issuer}`);
    // A token without an expiry would be good for ever: refused, whatever the issuer meant.
    if (typeof claims.exp !== 'number') throw new TokenRejectedError('the token has no expiry (exp)');
    const identity = toVerifiedIdentity(claims);
    if (!identity) throw new TokenRejectedError('the token names no subject and no client');
    return { ...identity, claims };
  }
}
