import { Body, Controller, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ClsService } from 'nestjs-cls';
import type { Observable } from 'rxjs';
import type { RequestContext } from '../../common/context/request-context.js';
import { ApiErrorResponses } from '../../common/openai/api-error.dto.js';
import type { ChatCompletionRequest } from '../../common/openai/chat-completion.types.js';
import { GenAiOperation } from '../../common/telemetry/gen-ai-operation.decorator.js';
import { CHAT_OPERATION } from '../../common/telemetry/gen-ai.conventions.js';
import { serverConfig } from '../../config/server.config.js';
import { InferenceService } from '../../core/inference.service.js';
import type { InferenceRequest } from '../../core/inference-request.js';
import { answerWithJson, answerWithStream, clientGone } from '../http/inference-response.js';
import { bodyValidator } from '../http/json-schema.js';
import { singleQueryValue } from '../http/query.js';
import { bypassesServerTools } from '../http/server-tools-bypass.js';
import { decodeOpenAiChatRequest } from './openai-chat.decode.js';
import { OPENAI_CHAT_DIALECT } from './openai-chat.dialect.js';
import { toChatCompletion } from './openai-chat.response-encoder.js';
import { CHAT_REQUEST_SCHEMA } from './openai-chat.schema.js';
import { createOpenAiChatStreamEncoder } from './openai-chat.stream-encoder.js';

const validateChatRequest = bodyValidator<ChatCompletionRequest>(CHAT_REQUEST_SCHEMA);
const nowInSeconds = () => Math.floor(Date.now() / 1000);

/** `POST /v1/chat/completions`: OpenAI Chat Completions, JSON or Server-Sent Events. */
@ApiTags('chat')
@Controller('v1/chat')
export class OpenAiChatController {
  constructor(
    private readonly inference: InferenceService,
    private readonly cls: ClsService<RequestContext>,
    @Inject(serverConfig.KEY) private readonly server: ConfigType<typeof serverConfig>,
  ) {}

  @Post('completions')
  @HttpCode(200)
  @GenAiOperation(CHAT_OPERATION)
  @ApiOperation({
    operationId: 'createChatCompletion',
    summary: 'Create a chat completion (OpenAI Chat Completions)',
    description: 'JSON when `stream` is false; Server-Sent Events (`data: <chunk>` frames ending with `data: [DONE]`) when true.',
  })
  @ApiQuery({ name: 'provider', type: String, required: false, description: 'Provider id; the model is then sent as given' })
  @ApiBody({ schema: CHAT_REQUEST_SCHEMA })
  @ApiOkResponse({ description: 'A `chat.completion` object, or a `text/event-stream` of `chat.completion.chunk` objects' })
  @ApiErrorResponses()
  create(@Body() raw: unknown, @Query('provider') provider: unknown, @Req() incoming: Request, @Res() response: Response): Observable<unknown> {
    const body = validateChatRequest(raw);
    const request = toInferenceRequest(body, singleQueryValue(provider, 'provider'), bypassesServerTools(incoming.headers));
    const context = this.cls.get();
    const signal = clientGone(response);
    const created = nowInSeconds();
    const model = () => context.route?.model ?? body.model;
    if (request.stream) {
      let encoder: ReturnType<typeof createOpenAiChatStreamEncoder> | undefined;
      return answerWithStream(response, context, {
        dialect: OPENAI_CHAT_DIALECT,
        writeTimeoutMs: this.server.writeTimeoutMs,
        run: (flow) => this.inference.execute(request, { signal, flow }),
        encode: (event) => {
          encoder ??= createOpenAiChatStreamEncoder({ includeUsage: body.stream_options?.include_usage === true, created, model: model() });
          return encoder.encode(event);
        },
      });
    }
    return answerWithJson(response, this.inference.execute(request, { signal }), (answer) => toChatCompletion(answer, { created, model: model() }));
  }
}

function toInferenceRequest(body: ChatCompletionRequest, explicitProvider: string | undefined, skipServerTools: boolean): InferenceRequest {
  let hub: ReturnType<typeof decodeOpenAiChatRequest> | undefined;
  return {
    dialect: OPENAI_CHAT_DIALECT.id,
    model: body.model,
    explicitProvider,
    stream: body.stream === true,
    body,
    skipServerTools,
    hub: () => (hub ??= decodeOpenAiChatRequest(body)),
    sampling: () => ({
      maxTokens: body.max_completion_tokens ?? body.max_tokens ?? undefined,
      temperature: body.temperature ?? undefined,
      topP: body.top_p ?? undefined,
    }),
  };
}
