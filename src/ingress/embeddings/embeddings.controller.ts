import { Body, Controller, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ClsService } from 'nestjs-cls';
import { map, type Observable } from 'rxjs';
import type { RequestContext } from '../../common/context/request-context.js';
import { InternalError } from '../../common/errors/gateway-error.js';
import { ApiErrorResponses } from '../../common/openai/api-error.dto.js';
import { GenAiOperation } from '../../common/telemetry/gen-ai-operation.decorator.js';
import { EMBEDDINGS_OPERATION } from '../../common/telemetry/gen-ai.conventions.js';
import { InferenceService } from '../../core/inference.service.js';
import type { EmbeddingsInferenceRequest } from '../../core/inference-request.js';
import { clientGone } from '../http/inference-response.js';
import { setRouteHeaders } from '../http/route-headers.js';
import { bodyValidator } from '../http/json-schema.js';
import { singleQueryValue } from '../http/query.js';
import { decodeEmbeddingsRequest } from './embeddings.decode.js';
import { EMBEDDINGS } from './embeddings.dialect.js';
import { toEmbeddingList, type EmbeddingList } from './embeddings.response-encoder.js';
import { EMBEDDINGS_REQUEST_SCHEMA, type EmbeddingsRequestBody } from './embeddings.schema.js';

const validateEmbeddingsRequest = bodyValidator<EmbeddingsRequestBody>(EMBEDDINGS_REQUEST_SCHEMA);

/** `POST /v1/embeddings`: OpenAI's embeddings API, for every provider that has embeddings. */
@ApiTags('embeddings')
@Controller('v1')
export class EmbeddingsController {
  constructor(
    private readonly inference: InferenceService,
    private readonly cls: ClsService<RequestContext>,
  ) {}

  @Post('embeddings')
  @HttpCode(200)
  @GenAiOperation(EMBEDDINGS_OPERATION)
  @ApiOperation({
    operationId: 'createEmbedding',
    summary: 'Create embeddings (OpenAI embeddings API)',
    description:
      'Relayed to OpenAI-format providers that have embeddings (OpenAI, Mistral, Ollama, Gemini, Cloudflare) and translated for Cohere (`/v2/embed`). ' +
      '`encoding_format: "base64"` is answered for every provider (encoded by the gateway when the provider sends numbers).',
  })
  @ApiQuery({ name: 'provider', type: String, required: false, description: 'Provider id; the model is then sent as given' })
  @ApiBody({ schema: EMBEDDINGS_REQUEST_SCHEMA })
  @ApiOkResponse({ description: '`{object: "list", data: [{object: "embedding", index, embedding}], model, usage: {prompt_tokens, total_tokens}}`' })
  @ApiErrorResponses()
  create(@Body() raw: unknown, @Query('provider') provider: unknown, @Res({ passthrough: true }) response: Response): Observable<EmbeddingList> {
    const body = validateEmbeddingsRequest(raw);
    const decoded = decodeEmbeddingsRequest(body);
    const request: EmbeddingsInferenceRequest = {
      dialect: EMBEDDINGS,
      operation: 'embeddings',
      model: body.model,
      explicitProvider: singleQueryValue(provider, 'provider'),
      stream: false,
      body,
      hub: () => {
        throw new InternalError('An embeddings request has no chat form.');
      },
      embeddings: () => decoded,
      sampling: () => ({}),
    };
    const context = this.cls.get();
    return this.inference.embed(request, { signal: clientGone(response) }).pipe(
      map((answer) => {
        setRouteHeaders(response, context);
        return toEmbeddingList(answer, { encoding: decoded.encoding, model: context.route?.model ?? body.model });
      }),
    );
  }
}
