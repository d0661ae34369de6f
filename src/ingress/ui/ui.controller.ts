import { Controller, Get, Inject, NotFoundException, Optional, Req, Res } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiKeyVerifier } from '../../auth/api-key-verifier.js';
import { PublicRoute } from '../../auth/public-route.decorator.js';
import { ServiceUnavailableError } from '../../common/errors/gateway-error.js';
import { authConfig } from '../../config/auth.config.js';
import { uiConfig } from '../../config/ui.config.js';
import { withIssuerConnectSource } from './ui-content-security-policy.js';
import { sendFile } from './send-file.js';
import { classifyUiPath, UI_BASE, UI_ROOT } from './ui-files.js';
import type { UiSettings } from './ui-settings.js';

const ONE_YEAR_MS = 365 * 24 * 3_600_000;

/**
 * Serves the web UI's static files under /ui and redirects / there. Public even with
 * AUTH_ENABLED: a browser cannot attach a bearer token to a page load; the API calls the UI makes
 * carry one. With UI_ENABLED=false every route here answers the ordinary 404.
 */
@ApiExcludeController()
@PublicRoute()
@Controller()
export class UiController {
  constructor(
    @Inject(uiConfig.KEY) private readonly ui: ConfigType<typeof uiConfig>,
    @Inject(authConfig.KEY) private readonly auth: ConfigType<typeof authConfig>,
    @Optional() private readonly keys?: ApiKeyVerifier,
  ) {}

  @Get()
  root(@Req() request: Request, @Res() response: Response): void {
    this.requireEnabled(request);
    response.redirect(302, UI_BASE);
  }

  @Get('ui/config.json')
  settings(@Req() request: Request, @Res({ passthrough: true }) response: Response): UiSettings {
    this.requireEnabled(request);
    response.setHeader('cache-control', 'no-cache');
    // With an access file (API keys) calls need a credential too: the UI asks for a pasted key.
    return {
      authEnabled: this.auth.enabled || this.keys?.enabled === true,
      issuer: this.auth.enabled ? this.auth.issuer : '',
      clientId: this.auth.enabled ? this.ui.clientId : '',
      usage: this.keys?.enabled === true,
    };
  }

  @Get(['ui', 'ui/{*path}'])
  async file(@Req() request: Request, @Res() response: Response): Promise<void> {
    this.requireEnabled(request);
    if (!request.path.startsWith(UI_BASE)) {
      response.redirect(302, UI_BASE); // `/ui`: relative URLs need the slash
      return;
    }
    const relativePath = request.path.slice(UI_BASE.length);
    const kind = classifyUiPath(relativePath);
    if (kind === 'page') {
      await this.sendIndex(response);
      return;
    }
    const cache = kind === 'hashed-asset' ? { maxAge: ONE_YEAR_MS, immutable: true } : { cacheControl: false, headers: { 'cache-control': 'no-cache' } };
    await sendFile(response, relativePath, { root: UI_ROOT, dotfiles: 'deny', ...cache }).catch(() => {
      throw new NotFoundException();
    });
  }

  private async sendIndex(response: Response): Promise<void> {
    const policy = response.getHeader('content-security-policy');
    if (this.auth.enabled && typeof policy === 'string') response.setHeader('content-security-policy', withIssuerConnectSource(policy, this.auth.issuer));
    await sendFile(response, 'index.html', { root: UI_ROOT, cacheControl: false, headers: { 'cache-control': 'no-cache' } }).catch(() => {
      throw new ServiceUnavailableError('The web UI is not built: run `npm run build`.', { code: 'ui_not_built' });
    });
  }

  private requireEnabled(request: Request): void {
    if (!this.ui.enabled) throw new NotFoundException(`Cannot ${request.method} ${request.originalUrl}`);
  }
}
