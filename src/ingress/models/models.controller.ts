import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Model, ModelList } from '../../common/openai/chat-completion.types.js';
import { ApiErrorResponses } from '../../common/openai/api-error.dto.js';
import { singleQueryValue } from '../http/query.js';
import { AnthropicModelShapeInterceptor } from './anthropic-model-shape.interceptor.js';
import { INCLUDE_KEYS, parseInclude } from '../../core/models/model-metadata.js';
import { ModelsService } from '../../core/models/models.service.js';

const INCLUDE_QUERY = {
  name: 'include',
  type: String,
  required: false,
  example: 'context_window,pricing',
  description:
    `Comma-separated metadata to add to each model: ${INCLUDE_KEYS.map((key) => '`' + key + '`').join(', ')}. ` +
    '`context_window` is `{tokens, source}`: `runtime` (Ollama `/api/show`, llama.cpp `/props`), `provider` (its model list) or `community` (models.dev); ' +
    '`pricing` is `{currency: "USD", input_per_token, output_per_token, cache_read_per_token?, cache_write_per_token?, source: "community"}` (decimal strings, from models.dev); ' +
    '`modalities` is `{input: [...], output: [...]}` (models.dev). A key that cannot be resolved for a model is `null`; an unknown key is a 400.',
};

@ApiTags('models')
@Controller('v1/models')
@UseInterceptors(AnthropicModelShapeInterceptor)
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  @Get()
  @ApiOperation({ operationId: 'listModels', summary: "List the routing file's aliases and the models of every configured provider, as `provider/model` ids" })
  @ApiQuery({ name: 'provider', type: String, required: false, description: 'List only this provider' })
  @ApiQuery(INCLUDE_QUERY)
  @ApiOkResponse({ description: '`{object: "list", data: [{id, object: "model", created, owned_by}]}`, each model with the `include` keys asked for' })
  @ApiErrorResponses([400])
  list(@Query('provider') provider?: unknown, @Query('include') include?: unknown): Promise<ModelList> {
    const keys = parseInclude(singleQueryValue(include, 'include'));
    return this.models.list(singleQueryValue(provider, 'provider'), keys);
  }

  @Get('*id')
  @ApiOperation({ operationId: 'retrieveModel', summary: 'One model by its id (`provider/model`), as the list shows it' })
  @ApiParam({ name: 'id', type: String, description: '`<provider>/<model>` (the slash may be sent as is or as `%2F`)' })
  @ApiQuery({ name: 'provider', type: String, required: false, description: 'Provider id; the id is then the bare model name' })
  @ApiQuery(INCLUDE_QUERY)
  @ApiOkResponse({ description: '`{id, object: "model", created, owned_by}`, with the `include` keys asked for' })
  @ApiErrorResponses([400])
  retrieve(@Param('id') id: string | string[], @Query('provider') provider?: unknown, @Query('include') include?: unknown): Promise<Model> {
    const keys = parseInclude(singleQueryValue(include, 'include'));
    return this.models.retrieve(Array.isArray(id) ? id.join('/') : id, singleQueryValue(provider, 'provider'), keys);
  }
}
