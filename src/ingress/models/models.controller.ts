import { Controller, Get, Query, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { ModelList } from '../../common/openai/chat-completion.types.js';
import { ApiErrorResponses } from '../../common/openai/api-error.dto.js';
import { singleQueryValue } from '../http/query.js';
import { AnthropicModelShapeInterceptor } from './anthropic-model-shape.interceptor.js';
import { ModelsService } from './models.service.js';

@ApiTags('models')
@Controller('v1/models')
@UseInterceptors(AnthropicModelShapeInterceptor)
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  @Get()
  @ApiOperation({ operationId: 'listModels', summary: "List the routing file's aliases and the models of every configured provider, as `provider/model` ids" })
  @ApiQuery({ name: 'provider', type: String, required: false, description: 'List only this provider' })
  @ApiOkResponse({ description: '`{object: "list", data: [{id, object: "model", created, owned_by}]}`' })
  @ApiErrorResponses([400])
  list(@Query('provider') provider?: unknown): Promise<ModelList> {
    return this.models.list(singleQueryValue(provider, 'provider'));
  }
}
