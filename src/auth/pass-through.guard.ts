import { CanActivate, Injectable } from '@nestjs/common';

/** Authentication is off: every request passes. The OIDC guard takes this guard's place. */
@Injectable()
export class PassThroughGuard implements CanActivate {
  canActivate(): boolean {
    return true;
  }
}
