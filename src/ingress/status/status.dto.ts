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

export class GatewayStatusDto {
  @ApiProperty({ example: '0.1.0' })
  version: string;

  @ApiProperty({ description: 'The same verdict as `GET /health/ready`' })
  ready: boolean;

  @ApiProperty({ type: [ProviderStatusDto] })
  providers: ProviderStatusDto[];
}
