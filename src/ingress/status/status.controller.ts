import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GatewayStatusDto } from './status.dto.js';
import { StatusService } from './status.service.js';

@ApiTags('status')
@Controller('v1/status')
export class StatusController {
  constructor(private readonly statusService: StatusService) {}

  @Get()
  @ApiOperation({
    summary: "Version, readiness, each provider (configured or why not, its last model-list fetch), the routing file's aliases with each deployment's breaker",
    description: 'Reports what the gateway already knows and calls no provider; `GET /v1/models` fetches the model lists again.',
  })
  @ApiOkResponse({ type: GatewayStatusDto })
  status(): GatewayStatusDto {
    return this.statusService.status();
  }
}
