import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Model, ModelList } from '../../common/openai/chat-completion.types.js';
import { ApiErrorResponses } from '../../common/openai/api-error.dto.js';
import { singleQueryValue } from '../http/query.js';
import { AnthropicModelShapeInterceptor } from './anthropic-model-shape.interceptor.js';
import { ModelsService } from '../../core/models/models.service.js';

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

  @Get('*id')
  @ApiOperation({ operationId: 'retrieveModel', summary: 'One model by its id (`provider/model`), as the list shows it' })
  @ApiParam({ name: 'id', type: String, description: '`<provider>/<model>` (the slash may be sent as is or as `%2F`)' })
  @ApiQuery({ name: 'provider', type: String, required: false, description: 'Provider id; the id is then the bare model name' })
  @ApiOkResponse({ description: '`{id, object: "model", created, owned_by}`' })
  @ApiErrorResponses([400])
  retrieve(@Param('id') id: string | string[], @Query('provider') provider?: unknown): Promise<Model> {
    return this.models.retrieve(Array.isArray(id) ? id.join('/') : id, singleQueryValue(provider, 'provider'));
  }
}
