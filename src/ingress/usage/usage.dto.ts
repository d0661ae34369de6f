import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class UsageFiguresDto {
  @ApiProperty({ description: 'Provider calls that reported usage', example: 42 })
  requests: number;

  @ApiProperty({ description: 'Input tokens, cached ones included', example: 18250 })
  input_tokens: number;

  @ApiProperty({ example: 3100 })
  output_tokens: number;

  @ApiProperty({ description: 'Input tokens read from the provider prompt cache', example: 12000 })
  cache_read_tokens: number;

  @ApiProperty({ description: 'USD, from the usage and the price table (models.dev, or the access file prices)', example: 0.0875 })
  cost_usd: number;
}

export class ModelUsageDto extends UsageFiguresDto {
  @ApiProperty({ description: '`provider/model` as the call was routed', example: 'openai/gpt-4o-mini' })
  model: string;
}

export class BudgetDto {
  @ApiProperty({ example: 50 })
  usd: number;

  @ApiProperty({ description: '`1d`, `7d`, `30d`, `total`, ...', example: '30d' })
  period: string;

  @ApiProperty({ description: 'USD spent in the current period', example: 12.5 })
  spent_usd: number;

  @ApiProperty({ example: 37.5 })
  remaining_usd: number;

  @ApiProperty({ type: String, nullable: true, description: 'When the period ends (ISO 8601); null for `total`', example: '2026-12-01T00:00:00.000Z' })
  resets_at: string | null;
}

export class LimitsDto {
  @ApiPropertyOptional({ example: 600 })
  rpm?: number;

  @ApiPropertyOptional({ example: 200000 })
  tpm?: number;

  @ApiPropertyOptional({ example: 20 })
  concurrency?: number;
}

export class CallerUsageDto extends UsageFiguresDto {
  @ApiProperty({ description: "The key's name, the identity rule's name, or `defaults`", example: 'team-search' })
  caller: string;

  @ApiProperty({ enum: ['key', 'identity'] })
  kind: 'key' | 'identity';

  @ApiPropertyOptional({ description: 'The OIDC subject (identity callers)', example: 'service-account-batch' })
  subject?: string;

  @ApiProperty({ type: [ModelUsageDto] })
  models: ModelUsageDto[];

  @ApiPropertyOptional({ type: BudgetDto })
  budget?: BudgetDto;

  @ApiPropertyOptional({ type: LimitsDto })
  limits?: LimitsDto;
}

export class UsageReportDto {
  @ApiProperty({ example: 'usage' })
  object: 'usage';

  @ApiProperty({ description: 'UTC days covered, today included', example: 1 })
  days: number;

  @ApiProperty({ description: 'Start of the first day covered (ISO 8601)', example: '2026-11-30T00:00:00.000Z' })
  from: string;

  @ApiProperty({ type: [CallerUsageDto], description: 'The caller itself first; an admin sees every caller of the period' })
  data: CallerUsageDto[];
}
