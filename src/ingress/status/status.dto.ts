import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ModelListStatusDto {
  @ApiProperty({ enum: ['ok', 'error', 'unknown'], description: '`unknown` until the model list was fetched (`GET /v1/models` fetches it)' })
  state: 'ok' | 'error' | 'unknown';

  @ApiPropertyOptional({ description: 'Models listed at the last fetch', example: 12 })
  count?: number;

  @ApiPropertyOptional({ description: 'When the last fetch ended (ISO 8601)', example: '2026-01-01T12:00:00.000Z' })
  fetched_at?: string;

  @ApiPropertyOptional({ description: 'How long the last fetch took', example: 230 })
  latency_ms?: number;

  @ApiPropertyOptional({ description: 'Why the last fetch failed', example: 'UpstreamUnreachableError: The upstream provider could not be reached.' })
  error?: string;
}

export class ProviderStatusDto {
  @ApiProperty({ example: 'openai' })
  id: string;

  @ApiProperty({ description: 'Whether the provider has what calls need (its key, a filled-in URL)' })
  configured: boolean;

  @ApiPropertyOptional({ description: 'Why the provider cannot be called', example: 'set OPENAI_API_KEY' })
  reason?: string;

  @ApiProperty({ type: ModelListStatusDto })
  models: ModelListStatusDto;
}

export class BreakerStatusDto {
  @ApiProperty({
    enum: ['closed', 'open', 'probing', 'off'],
    description:
      "`closed`: requests go through; `open`: skipped until `until` (it failed `cooldown.failures` times within `cooldown.window`); `probing`: the cooldown is over and the next request tries it, its success closes the breaker; `off`: the group has `cooldown: false`. This replica's breaker, joined with the cooldowns other replicas share through Redis",
  })
  state: 'closed' | 'open' | 'probing' | 'off';

  @ApiPropertyOptional({ description: 'While open: when the cooldown ends and a probe may go through (ISO 8601)', example: '2026-01-01T12:00:30.000Z' })
  until?: string;
}

export class DeploymentStatusDto {
  @ApiProperty({ example: 'openai' })
  provider: string;

  @ApiProperty({ description: 'The model name the provider knows', example: 'gpt-4o' })
  model: string;

  @ApiProperty({ description: 'Its share under the `weighted` strategy', example: 1 })
  weight: number;

  @ApiProperty({ type: 'integer', description: 'Its place in the list (1 first): the order the `priority` strategy tries deployments in', example: 1 })
  priority: number;

  @ApiPropertyOptional({ description: "The variable the deployment's pool key is read from (its name, never the key)", example: 'OPENAI_API_KEY_2' })
  api_key_env?: string;

  @ApiProperty({ type: BreakerStatusDto })
  breaker: BreakerStatusDto;
}

export class RouteGroupStatusDto {
  @ApiProperty({ description: 'The alias, or the routed `provider/model` id', example: 'smart' })
  name: string;

  @ApiProperty({ enum: ['round_robin', 'weighted', 'priority', 'least_busy', 'latency'] })
  strategy: string;

  @ApiProperty({ type: [String], description: 'Aliases or `provider/model` ids tried, in order, once every deployment failed', example: ['cheap'] })
  fallbacks: string[];

  @ApiProperty({ type: [DeploymentStatusDto] })
  deployments: DeploymentStatusDto[];
}

export class GatewayStatusDto {
  @ApiProperty({ example: '0.1.0' })
  version: string;

  @ApiProperty({ description: 'The same verdict as `GET /health/ready`' })
  ready: boolean;

  @ApiProperty({ type: [ProviderStatusDto] })
  providers: ProviderStatusDto[];

  @ApiProperty({ type: [RouteGroupStatusDto], description: "The routing file's aliases (empty without `ROUTING_ENABLED`), each deployment with its breaker" })
  aliases: RouteGroupStatusDto[];

  @ApiProperty({
    type: [RouteGroupStatusDto],
    description: "The routing file's routed `provider/model` ids: its `routes`, and plain ids named only as fallbacks",
  })
  routes: RouteGroupStatusDto[];
}
