import { Controller, Get, Inject } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import { PublicRoute } from '../auth/public-route.decorator.js';
import { providersConfig } from '../providers/providers.config.js';
import { ReadinessService } from '../common/lifecycle/readiness.service.js';

@ApiTags('health')
@PublicRoute()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: ReadinessService,
    @Inject(providersConfig.KEY) private readonly providers: ConfigType<typeof providersConfig>,
  ) {}

  @Get()
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({ summary: 'Liveness: the process serves requests' })
  @ApiOkResponse({ description: 'The process is alive' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([() => this.indicators.check('process').up()]);
  }

  @Get('ready')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({ summary: 'Readiness: ready to take traffic (503 while starting or draining)' })
  @ApiOkResponse({ description: 'Ready' })
  @ApiServiceUnavailableResponse({ description: 'Starting, draining, or a dependency is not reachable yet' })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => {
        const indicator = this.indicators.check('gateway');
        return this.readiness.isReady() ? indicator.up() : indicator.down(this.readiness.reasons());
      },
      // Not a reason to refuse traffic (a local server may be up without a key), but said plainly.
      () => {
        const configured = Object.values(this.providers.providers)
          .filter((provider) => provider.configured)
          .map((provider) => provider.id);
        return this.indicators.check('providers').up(configured.length > 0 ? { configured } : { configured, note: 'no provider is configured' });
      },
    ]);
  }
}
