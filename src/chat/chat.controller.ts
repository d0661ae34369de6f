import { Body, Controller, HttpCode, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import { ApiErrorResponses } from '../common/openai/api-error.dto.js';
import { UpstreamTimeoutInterceptor } from '../common/interceptors/upstream-timeout.interceptor.js';
import { GenAiOperation } from '../common/telemetry/gen-ai-operation.decorator.js';
import { CHAT_OPERATION } from '../common/telemetry/gen-ai.conventions.js';
import type { ChatCompletionRequest } from '../common/openai/chat-completion.types.js';
import { ChatCompletionRequestDto } from './chat-completion-request.dto.js';
import { RequestValidationPipe } from './chat-request.pipe.js';
import { ChatService } from './chat.service.js';

@ApiTags('chat')
@Controller('v1/chat')
export class ChatController {
  constructor(private readonly chat: ChatService) {}

  @Post('completions')
  @HttpCode(200)
  @UseInterceptors(UpstreamTimeoutInterceptor)
  @GenAiOperation(CHAT_OPERATION)
  @ApiOperation({
    summary: 'Create a chat completion (OpenAI Chat Completions)',
    description: 'JSON when `stream` is false; Server-Sent Events (`data: <chunk>` frames ending with `data: [DONE]`) when true.',
  })
  @ApiQuery({ name: 'provider', required: false, description: 'Provider id; the model is then sent as given' })
  @ApiBody({ type: ChatCompletionRequestDto })
  @ApiOkResponse({ description: 'A `chat.completion` object, or a `text/event-stream` of `chat.completion.chunk` objects' })
  @ApiErrorResponses()
  create(
    @Body(RequestValidationPipe) body: ChatCompletionRequestDto,
    @Query('provider') provider: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): Observable<unknown> {
    return this.chat.complete(body as unknown as ChatCompletionRequest, provider || undefined, request, response);
  }
}
