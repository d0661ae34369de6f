import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ClsService } from 'nestjs-cls';
import { MAX_USAGE_DAYS, UsageService, type CallerReport } from '../../access/usage.service.js';
import type { RequestContext } from '../../common/context/request-context.js';
import { InvalidRequestError } from '../../common/errors/gateway-error.js';
import { ApiErrorResponses } from '../../common/openai/api-error.dto.js';
import type { UsageFigures } from '../../access/store/access-store.js';
import { singleQueryValue } from '../http/query.js';
import { UsageReportDto, type CallerUsageDto } from './usage.dto.js';

/** `GET /v1/usage`: what the caller used and spent, per model; an admin sees every caller. */
@ApiTags('usage')
@Controller('v1/usage')
export class UsageController {
  constructor(
    private readonly usage: UsageService,
    private readonly cls: ClsService<RequestContext>,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'getUsage',
    summary: "The caller's usage and spend per model, its budget and limits (an admin: every caller's)",
    description: 'Needs an access file (ACCESS_CONFIG_PATH). Figures are kept per UTC day: `days=1` is today so far.',
  })
  @ApiQuery({ name: 'days', type: Number, required: false, description: `UTC days to cover, today included (1 to ${MAX_USAGE_DAYS}; default 1)` })
  @ApiOkResponse({ type: UsageReportDto })
  @ApiErrorResponses([400, 401, 404, 503])
  async report(@Query('days') days: unknown): Promise<UsageReportDto> {
    const count = toDays(singleQueryValue(days, 'days'));
    const reports = await this.usage.report(this.cls.get().caller, count);
    return {
      object: 'usage',
      days: count,
      from: new Date((UsageService.days(count).at(-1) ?? 0) * 86_400_000).toISOString(),
      data: reports.map(toCallerDto),
    };
  }
}

function toDays(value: string | undefined): number {
  if (value === undefined) return 1;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > MAX_USAGE_DAYS) {
    throw new InvalidRequestError(`days must be a whole number from 1 to ${MAX_USAGE_DAYS}.`, { param: 'days', code: 'invalid_value' });
  }
  return days;
}

function toCallerDto(report: CallerReport): CallerUsageDto {
  const { caller, rule, budget } = report;
  const dto: CallerUsageDto = {
    caller: caller.rule,
    kind: report.kind,
    ...(report.kind === 'identity' ? { subject: caller.caller.slice('identity:'.length) } : {}),
    ...figures(caller.totals),
    models: Object.entries(caller.models)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([model, modelFigures]) => ({ model, ...figures(modelFigures) })),
  };
  if (rule?.budget && budget) {
    dto.budget = {
      usd: rule.budget.usd,
      period: rule.budget.period.label,
      spent_usd: round(budget.spentUsd),
      remaining_usd: round(Math.max(0, rule.budget.usd - budget.spentUsd)),
      resets_at: budget.endsAt === undefined ? null : new Date(budget.endsAt).toISOString(),
    };
  }
  if (rule) {
    const { rpm, tpm, concurrency } = rule.limits;
    if (rpm !== undefined || tpm !== undefined || concurrency !== undefined) dto.limits = { rpm, tpm, concurrency };
  }
  return dto;
}

/** The figures as the API writes them. */
interface FiguresBody {
  requests: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cost_usd: number;
}

function figures(source: UsageFigures): FiguresBody {
  return {
    requests: source.requests,
    input_tokens: source.inputTokens,
    output_tokens: source.outputTokens,
    cache_read_tokens: source.cacheReadTokens,
    cost_usd: round(source.costUsd),
  };
}

/** Twelve significant digits: floating-point sums print as 0.30000000000000004 otherwise. */
function round(usd: number): number {
  return Number(usd.toPrecision(12));
}
