import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ClsService } from 'nestjs-cls';
import { concat, concatMap, defer, from, ignoreElements, map, of, switchMap, tap, type Observable } from 'rxjs';
import { callerOwner, type RequestContext } from '../../common/context/request-context.js';
import { NotFoundError, UpstreamError } from '../../common/errors/gateway-error.js';
import { ApiErrorResponses } from '../../common/openai/api-error.dto.js';
import { GenAiOperation } from '../../common/telemetry/gen-ai-operation.decorator.js';
import { CHAT_OPERATION } from '../../common/telemetry/gen-ai.conventions.js';
import { serverConfig } from '../../config/server.config.js';
import { InferenceService } from '../../core/inference.service.js';
import type { InferenceRequest } from '../../core/inference-request.js';
import { ProviderRouter } from '../../core/routing/provider-router.js';
import type { HubRequest } from '../../hub/hub-request.js';
import { answerWithStream, clientGone } from '../http/inference-response.js';
import { setRouteHeaders } from '../http/route-headers.js';
import { bodyValidator } from '../http/json-schema.js';
import { singleQueryValue } from '../http/query.js';
import { bypassesServerTools } from '../http/server-tools-bypass.js';
import { decodeResponsesRequest, inputItems, usesOpenAiOnlyFeatures } from './openai-responses.decode.js';
import { OPENAI_RESPONSES } from '../../hub/hub-dialect.js';
import { OPENAI_RESPONSES_DIALECT } from './openai-responses.dialect.js';
import { newId } from './openai-responses.response-object.js';
import { RESPONSES_REQUEST_SCHEMA } from './openai-responses.schema.js';
import { createResponsesStreamEncoder } from './openai-responses.stream-encoder.js';
import type { ResponseObject, ResponsesItem, ResponsesRequestBody } from './openai-responses.types.js';
import { StoredResponses } from './stored-responses.service.js';

/** What a translated answer continues: its items, or why they cannot be found; nothing when every deployment relays. */
interface Conversation {
  items?: ResponsesItem[];
  missing?: NotFoundError;
  translatedBy?: string;
  /** The request continues a conversation the gateway keeps: OpenAI would not know it either. */
  translateOnly?: boolean;
}

const validateResponsesRequest = bodyValidator<ResponsesRequestBody>(RESPONSES_REQUEST_SCHEMA);
const nowInSeconds = () => Math.floor(Date.now() / 1000);

/**
 * `POST /v1/responses` (OpenAI Responses, JSON or named Server-Sent Events), relayed as it is to a
 * provider that speaks it (OpenAI) and translated through the hub for every other; `GET` and
 * `DELETE /v1/responses/{id}` for the responses the gateway stored.
 */
@ApiTags('responses')
@Controller('v1/responses')
export class OpenAiResponsesController {
  constructor(
    private readonly inference: InferenceService,
    private readonly router: ProviderRouter,
    private readonly stored: StoredResponses,
    private readonly cls: ClsService<RequestContext>,
    @Inject(serverConfig.KEY) private readonly server: ConfigType<typeof serverConfig>,
  ) {}

  @Post()
  @HttpCode(200)
  @GenAiOperation(CHAT_OPERATION)
  @ApiOperation({
    operationId: 'createResponse',
    summary: 'Create a model response (OpenAI Responses API)',
    description:
      'JSON when `stream` is false; Server-Sent Events (`event:` + `data:` frames, `response.created` ... `response.completed`) when true. ' +
      'Relayed to OpenAI as it is; translated for every other provider, whose responses the gateway stores for `previous_response_id`.',
  })
  @ApiQuery({ name: 'provider', type: String, required: false, description: 'Provider id; the model is then sent as given' })
  @ApiBody({ schema: RESPONSES_REQUEST_SCHEMA })
  @ApiOkResponse({ description: 'A `response` object, or a `text/event-stream` of Responses events' })
  @ApiErrorResponses([400, 403, 404, 413, 429, 502, 504])
  create(@Body() raw: unknown, @Query('provider') provider: unknown, @Req() incoming: Request, @Res() response: Response): Observable<unknown> {
    const body = validateResponsesRequest(raw);
    const explicitProvider = singleQueryValue(provider, 'provider');
    const context = this.cls.get();
    const owner = callerOwner(context.caller);
    let found: Conversation = {};
    let hub: HubRequest | undefined;
    const request: InferenceRequest = {
      dialect: OPENAI_RESPONSES,
      model: body.model,
      explicitProvider,
      stream: body.stream === true,
      body,
      // A request for OpenAI's built-in tools is relayed to OpenAI as it is, without the gateway's.
      skipServerTools: bypassesServerTools(incoming.headers) || usesOpenAiOnlyFeatures(body),
      hub: () => {
        if (found.missing) throw found.missing;
        return (hub ??= decodeResponsesRequest(body, found.items ?? [], found.translatedBy ?? body.model));
      },
      sampling: () => ({ maxTokens: body.max_output_tokens ?? undefined, temperature: body.temperature ?? undefined, topP: body.top_p ?? undefined }),
    };
    // With the gateway's (MCP) tools every deployment translates, OpenAI's too: the gateway keeps the conversation.
    const conversation = this.conversation(body, explicitProvider, owner, this.inference.addsServerTools(request));
    return from(conversation).pipe(
      switchMap((kept) => {
        found = kept;
        if (kept.translateOnly) request.translateOnly = true;
        return this.answer(request, body, found.items, owner, response, context);
      }),
    );
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getResponse', summary: 'Retrieve a response the gateway stored' })
  @ApiParam({ name: 'id', type: String })
  @ApiOkResponse({ description: 'The `response` object, as it was answered' })
  @ApiErrorResponses([400])
  async retrieve(@Param('id') id: string): Promise<ResponseObject> {
    const record = await this.stored.find(id, callerOwner(this.cls.get().caller));
    if (!record) throw responseNotFound(id);
    return record.response;
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ operationId: 'deleteResponse', summary: 'Delete a response the gateway stored' })
  @ApiParam({ name: 'id', type: String })
  @ApiOkResponse({ description: '`{id, object: "response", deleted: true}`' })
  @ApiErrorResponses([400])
  async remove(@Param('id') id: string): Promise<{ id: string; object: 'response'; deleted: true }> {
    if (!(await this.stored.delete(id, callerOwner(this.cls.get().caller)))) throw responseNotFound(id);
    return { id, object: 'response', deleted: true };
  }

  /**
   * The conversation a translated answer continues. A provider that speaks Responses keeps its own
   * conversations; for the others the gateway does. When a request may reach both kinds (an alias
   * over OpenAI and other providers), a conversation the gateway does not know may be OpenAI's: the
   * 404 is then raised only if a translating deployment is tried; one it knows is translated for
   * OpenAI too. A request the gateway adds its own tools to is translated for every deployment.
   */
  private async conversation(
    body: ResponsesRequestBody,
    explicitProvider: string | undefined,
    owner: string | undefined,
    translatedEverywhere: boolean,
  ): Promise<Conversation> {
    const routes = this.router.reachable(body.model, explicitProvider);
    const relays = (route: (typeof routes)[number]) => !translatedEverywhere && route.provider.nativeDialects.includes(OPENAI_RESPONSES);
    const translatedBy = routes.find((route) => !relays(route))?.provider.id;
    if (translatedBy === undefined) return {};
    const relayedToo = routes.some(relays);
    try {
      const items = await this.stored.conversation(body, owner);
      return { items, translatedBy, translateOnly: relayedToo && refersToStoredItems(body) };
    } catch (error) {
      if (relayedToo && error instanceof NotFoundError) return { missing: error, translatedBy };
      throw error;
    }
  }

  /** Streams or answers with JSON; a translated answer is stored (when asked) before its last event is sent. */
  private answer(
    request: InferenceRequest,
    body: ResponsesRequestBody,
    items: ResponsesItem[] | undefined,
    owner: string | undefined,
    response: Response,
    context: RequestContext,
  ): Observable<unknown> {
    const encoder = createResponsesStreamEncoder({ id: newId('resp'), createdAt: nowInSeconds(), model: body.model }, body);
    const signal = clientGone(response);
    if (request.stream) {
      return answerWithStream(response, context, {
        dialect: OPENAI_RESPONSES_DIALECT,
        writeTimeoutMs: this.server.writeTimeoutMs,
        run: (flow) =>
          this.inference
            .execute(request, { signal, flow })
            .pipe(
              concatMap((event) =>
                event.type === 'finish' && !event.relayed && items
                  ? from(this.stored.save(encoder.finalize(event.finish), items, owner)).pipe(map(() => event))
                  : of(event),
              ),
            ),
        encode: (event) => encoder.encode(event),
        fail: (error) => encoder.fail(error),
      });
    }
    let relayedBody: string | undefined;
    const events = this.inference.execute(request, { signal }).pipe(
      tap((event) => {
        if (event.type === 'frame') relayedBody = typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
        else encoder.encode(event);
      }),
      ignoreElements(),
    );
    return concat(
      events,
      defer(async () => {
        setRouteHeaders(response, context);
        if (relayedBody !== undefined) {
          response.status(200).type('application/json').send(relayedBody);
          return;
        }
        const result = encoder.result();
        if (!result) throw new UpstreamError(502, 'The provider ended its answer without finishing it.', { type: 'api_error' });
        if (items) await this.stored.save(result, items, owner);
        response.status(200).json(result);
      }),
    );
  }
}

/** Whether the request names stored items: a previous response or an item reference. */
function refersToStoredItems(body: ResponsesRequestBody): boolean {
  return (
    (typeof body.previous_response_id === 'string' && body.previous_response_id !== '') ||
    inputItems(body.input).some((item) => item?.type === 'item_reference')
  );
}

function responseNotFound(id: string): NotFoundError {
  return new NotFoundError(
    `Response with id '${id}' not found. The gateway keeps the responses of providers it translates for; responses created by OpenAI are kept by OpenAI (reach them through /proxy/openai/responses/${id}).`,
    { param: 'response_id', code: 'response_not_found' },
  );
}
