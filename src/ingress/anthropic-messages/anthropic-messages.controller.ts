import { Body, Controller, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ClsService } from 'nestjs-cls';
import { from, map, type Observable } from 'rxjs';
import type { RequestContext } from '../../common/context/request-context.js';
import { GenAiOperation } from '../../common/telemetry/gen-ai-operation.decorator.js';
import { CHAT_OPERATION } from '../../common/telemetry/gen-ai.conventions.js';
import { serverConfig } from '../../config/server.config.js';
import { InferenceService } from '../../core/inference.service.js';
import type { InferenceRequest } from '../../core/inference-request.js';
import { TokenCountService } from '../../core/token-count.service.js';
import { answerWithJson, answerWithStream, clientGone } from '../http/inference-response.js';
import { bodyValidator } from '../http/json-schema.js';
import { singleQueryValue } from '../http/query.js';
import { bypassesServerTools } from '../http/server-tools-bypass.js';
import { AnthropicErrorResponses } from './anthropic-messages.api-errors.js';
import { relayedHeaders, relayedQuery } from './anthropic-messages.client-request.js';
import { decodeMessagesRequest, usesAnthropicOnlyFeatures } from './anthropic-messages.decode.js';
import { ANTHROPIC_MESSAGES } from '../../hub/hub-dialect.js';
import { ANTHROPIC_MESSAGES_INGRESS_DIALECT } from './anthropic-messages.dialect.js';
import { toMessagesResponse } from './anthropic-messages.response-encoder.js';
import { COUNT_TOKENS_REQUEST_SCHEMA, MESSAGES_REQUEST_SCHEMA } from './anthropic-messages.schema.js';
import { createMessagesStreamEncoder } from './anthropic-messages.stream-encoder.js';
import { estimateInputTokens } from './anthropic-messages.token-estimate.js';
import type { CountTokensRequest, MessagesRequest } from './anthropic-messages.types.js';

const validateMessagesRequest = bodyValidator<MessagesRequest>(MESSAGES_REQUEST_SCHEMA);
const validateCountTokensRequest = bodyValidator<CountTokensRequest>(COUNT_TOKENS_REQUEST_SCHEMA);

const PROVIDER_QUERY = { name: 'provider', type: String, required: false, description: 'Provider id; the model is then sent as given' };
const VERSION_HEADER = { name: 'anthropic-version', required: false, description: 'Passed on to Anthropic (2023-06-01 when absent)' };
const BETA_HEADER = { name: 'anthropic-beta', required: false, description: 'Passed on to Anthropic; ignored by other providers' };

/**
 * `POST /v1/messages` and `POST /v1/messages/count_tokens`: Anthropic's Messages API, for Claude
 * Code and the Anthropic SDKs. Relayed as it is to Anthropic; translated for every other provider.
 */
@ApiTags('messages')
@Controller('v1/messages')
export class AnthropicMessagesController {
  constructor(
    private readonly inference: InferenceService,
    private readonly tokenCounts: TokenCountService,
    private readonly cls: ClsService<RequestContext>,
    @Inject(serverConfig.KEY) private readonly server: ConfigType<typeof serverConfig>,
  ) {}

  @Post()
  @HttpCode(200)
  @GenAiOperation(CHAT_OPERATION)
  @ApiOperation({
    operationId: 'createMessage',
    summary: 'Create a message (Anthropic Messages API)',
    description:
      'JSON when `stream` is false; Server-Sent Events (`message_start`, `content_block_*`, `message_delta`, `message_stop`) when true. ' +
      'Relayed byte for byte to Anthropic; translated for other providers, with `event: ping` while they are silent.',
  })
  @ApiQuery(PROVIDER_QUERY)
  @ApiHeader(VERSION_HEADER)
  @ApiHeader(BETA_HEADER)
  @ApiBody({ schema: MESSAGES_REQUEST_SCHEMA })
  @ApiOkResponse({ description: 'A `message` object, or a `text/event-stream` of Anthropic stream events' })
  @AnthropicErrorResponses()
  create(@Body() raw: unknown, @Query('provider') provider: unknown, @Req() request: Request, @Res() response: Response): Observable<unknown> {
    const body = validateMessagesRequest(raw);
    const inference = toInferenceRequest(body, singleQueryValue(provider, 'provider'), request);
    const context = this.cls.get();
    const signal = clientGone(response);
    if (inference.stream) {
      const encoder = createMessagesStreamEncoder({ model: body.model });
      return answerWithStream(response, context, {
        dialect: ANTHROPIC_MESSAGES_INGRESS_DIALECT,
        writeTimeoutMs: this.server.writeTimeoutMs,
        run: (flow) => this.inference.execute(inference, { signal, flow }),
        encode: (event) => encoder.encode(event),
        heartbeat: { intervalMs: this.server.streamPingIntervalMs, frames: () => encoder.heartbeat() },
      });
    }
    return answerWithJson(response, this.inference.execute(inference, { signal }), (answer) => toMessagesResponse(answer, body.model));
  }

  @Post('count_tokens')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'countMessageTokens',
    summary: 'Count the input tokens of a Messages request',
    description:
      "Anthropic's own count for Anthropic models; for other providers an estimate: the o200k_base tokenizer over the text of `system`, " +
      'the messages and the tool schemas, plus 1,600 tokens per image or binary document.',
  })
  @ApiQuery(PROVIDER_QUERY)
  @ApiHeader(VERSION_HEADER)
  @ApiHeader(BETA_HEADER)
  @ApiBody({ schema: COUNT_TOKENS_REQUEST_SCHEMA })
  @ApiOkResponse({ description: '`{"input_tokens": N}`' })
  @AnthropicErrorResponses()
  countTokens(@Body() raw: unknown, @Query('provider') provider: unknown, @Req() request: Request, @Res() response: Response): Observable<unknown> {
    const body = validateCountTokensRequest(raw);
    const inference = toInferenceRequest(body, singleQueryValue(provider, 'provider'), request);
    const relayed = this.tokenCounts.relayed(inference, clientGone(response));
    if (relayed) return answerWithJson(response, relayed, (answer) => answer.frame?.data ?? {});
    return from(estimateInputTokens(body)).pipe(
      map((inputTokens) => {
        const answer = { input_tokens: inputTokens };
        response.status(200).json(answer);
        return answer;
      }),
    );
  }
}

function toInferenceRequest(body: MessagesRequest | CountTokensRequest, explicitProvider: string | undefined, request: Request): InferenceRequest {
  let hub: ReturnType<typeof decodeMessagesRequest> | undefined;
  return {
    dialect: ANTHROPIC_MESSAGES,
    model: body.model,
    explicitProvider,
    stream: body.stream === true,
    body,
    headers: relayedHeaders(request.headers),
    query: relayedQuery(request.originalUrl),
    // A request for Anthropic's own tools is relayed to Anthropic as it is, without the gateway's.
    skipServerTools: bypassesServerTools(request.headers) || usesAnthropicOnlyFeatures(body as MessagesRequest),
    hub: () => (hub ??= decodeMessagesRequest(body as MessagesRequest)),
    sampling: () => ({ maxTokens: body.max_tokens, temperature: body.temperature, topP: body.top_p }),
  };
}
