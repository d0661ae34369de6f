import { Body, Controller, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ClsService } from 'nestjs-cls';
import { catchError, EMPTY, from, switchMap, throwError, type Observable } from 'rxjs';
import type { RequestContext } from '../../common/context/request-context.js';
import { InternalError, NotFoundError } from '../../common/errors/gateway-error.js';
import { ApiErrorResponses } from '../../common/openai/api-error.dto.js';
import { GenAiOperation } from '../../common/telemetry/gen-ai-operation.decorator.js';
import { IMAGES_OPERATION } from '../../common/telemetry/gen-ai.conventions.js';
import { imagesConfig } from '../../config/images.config.js';
import { serverConfig } from '../../config/server.config.js';
import { InferenceService } from '../../core/inference.service.js';
import type { ImagesInferenceRequest } from '../../core/inference-request.js';
import type { ImageOperation, ImagesRequest } from '../../providers/llm-provider.js';
import { clientGone } from '../http/inference-response.js';
import { bodyValidator } from '../http/json-schema.js';
import { singleQueryValue } from '../http/query.js';
import { readImageForm } from './image-form.js';
import { answerImages } from './images-answer.js';
import { IMAGES } from './images.dialect.js';
import { IMAGES_EDIT_FORM_SCHEMA, IMAGES_GENERATION_SCHEMA, IMAGES_VARIATION_FORM_SCHEMA, type ImagesGenerationBody } from './images.schema.js';

const validateGeneration = bodyValidator<ImagesGenerationBody>(IMAGES_GENERATION_SCHEMA);
const PROVIDER_QUERY = { name: 'provider', type: String, required: false, description: 'Provider id; the model is then sent as given' };
const OK = {
  description: 'An `ImagesResponse` (`{created, data: [{b64_json | url, revised_prompt}], usage}`), or with `stream` a `text/event-stream` of partial images',
};
const ENABLE = 'Served with `ENABLE_IMAGES=true` (404 otherwise).';

/**
 * `POST /v1/images/generations`, `/v1/images/edits` and `/v1/images/variations`: OpenAI's Images
 * API, relayed to the providers that serve it. Forms are streamed to the provider as they arrive.
 */
@ApiTags('images')
@Controller('v1/images')
export class ImagesController {
  constructor(
    private readonly inference: InferenceService,
    private readonly cls: ClsService<RequestContext>,
    @Inject(imagesConfig.KEY) private readonly config: ConfigType<typeof imagesConfig>,
    @Inject(serverConfig.KEY) private readonly server: ConfigType<typeof serverConfig>,
  ) {}

  @Post('generations')
  @HttpCode(200)
  @GenAiOperation(IMAGES_OPERATION)
  @ApiOperation({
    operationId: 'createImage',
    summary: 'Create images from a prompt (OpenAI Images API)',
    description: `Relayed to OpenAI and Gemini. ${ENABLE}`,
  })
  @ApiQuery(PROVIDER_QUERY)
  @ApiBody({ schema: IMAGES_GENERATION_SCHEMA })
  @ApiOkResponse(OK)
  @ApiErrorResponses([400, 403, 404, 413, 429, 502, 504])
  generate(@Body() raw: unknown, @Query('provider') provider: unknown, @Res() response: Response): Observable<unknown> {
    this.assertEnabled();
    const body = validateGeneration(raw);
    const stream = body.stream === true;
    return this.answer({ operation: 'generations', kind: 'json', body }, body.model, singleQueryValue(provider, 'provider'), body, response, () => stream);
  }

  @Post('edits')
  @HttpCode(200)
  @GenAiOperation(IMAGES_OPERATION)
  @ApiOperation({
    operationId: 'createImageEdit',
    summary: 'Edit images from a prompt (multipart form)',
    description: `Relayed to OpenAI; the form is streamed to it as it arrives (files are written to a temporary file only when they come before the \`model\` field). ${ENABLE}`,
  })
  @ApiConsumes('multipart/form-data')
  @ApiQuery(PROVIDER_QUERY)
  @ApiBody({ schema: IMAGES_EDIT_FORM_SCHEMA })
  @ApiOkResponse(OK)
  @ApiErrorResponses([400, 403, 404, 413, 429, 502, 504])
  edit(@Req() request: Request, @Query('provider') provider: unknown, @Res() response: Response): Observable<unknown> {
    return this.relayForm('edits', request, provider, response);
  }

  @Post('variations')
  @HttpCode(200)
  @GenAiOperation(IMAGES_OPERATION)
  @ApiOperation({
    operationId: 'createImageVariation',
    summary: 'Create variations of an image (multipart form)',
    description: `Relayed to OpenAI (dall-e-2). ${ENABLE}`,
  })
  @ApiConsumes('multipart/form-data')
  @ApiQuery(PROVIDER_QUERY)
  @ApiBody({ schema: IMAGES_VARIATION_FORM_SCHEMA })
  @ApiOkResponse({ description: 'An `ImagesResponse`' })
  @ApiErrorResponses([400, 403, 404, 413, 429, 502, 504])
  vary(@Req() request: Request, @Query('provider') provider: unknown, @Res() response: Response): Observable<unknown> {
    return this.relayForm('variations', request, provider, response);
  }

  private relayForm(operation: ImageOperation, request: Request, provider: unknown, response: Response): Observable<unknown> {
    this.assertEnabled();
    const explicitProvider = singleQueryValue(provider, 'provider');
    return from(readImageForm(request, this.server.maxRequestBodyBytes)).pipe(
      switchMap((form) => {
        // A client gone while its form was being read is not served: what was spooled goes at once.
        if (response.closed) {
          void form.close();
          return EMPTY;
        }
        response.once('close', () => void form.close());
        const streaming = () => form.fields.stream === 'true';
        return this.answer({ operation, kind: 'multipart', upload: form.upload }, form.model, explicitProvider, form.fields, response, streaming).pipe(
          // A call cut short because the client's form could not be read fails for that reason.
          catchError((error: unknown) => throwError(() => form.failure() ?? error)),
        );
      }),
    );
  }

  private answer(
    images: ImagesRequest,
    model: string,
    explicitProvider: string | undefined,
    body: Readonly<Record<string, unknown>>,
    response: Response,
    streaming: () => boolean,
  ): Observable<unknown> {
    const request: ImagesInferenceRequest = {
      dialect: IMAGES,
      operation: 'images',
      model,
      explicitProvider,
      // Bounded as one call (CLIENT_TIMEOUT), streamed or not: an image takes long before its first event.
      stream: false,
      body,
      hub: () => {
        throw new InternalError('An images request has no chat form.');
      },
      sampling: () => ({}),
      images,
    };
    const events = this.inference.images(request, { signal: clientGone(response) });
    return answerImages(response, this.cls.get(), events, { streaming, writeTimeoutMs: this.server.writeTimeoutMs });
  }

  private assertEnabled(): void {
    if (!this.config.enabled) {
      throw new NotFoundError('The Images API is not enabled on this gateway; set ENABLE_IMAGES=true to enable it.', { code: 'images_disabled' });
    }
  }
}
