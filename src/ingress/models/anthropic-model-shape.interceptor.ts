import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { ClsService } from 'nestjs-cls';
import { map, type Observable } from 'rxjs';
import type { RequestContext } from '../../common/context/request-context.js';
import type { Model, ModelList } from '../../common/openai/chat-completion.types.js';
import { ANTHROPIC_MESSAGES } from '../../hub/hub-dialect.js';
import { singleQueryValue } from '../http/query.js';
import { toAnthropicModel, toAnthropicModelPage, wantsAnthropicShape } from './anthropic-model-list.js';

const isModelList = (value: unknown): value is ModelList => (value as ModelList | null)?.object === 'list' && Array.isArray((value as ModelList).data);
const isModel = (value: unknown): value is Model => (value as Model | null)?.object === 'model' && typeof (value as Model).id === 'string';

/**
 * The model routes' answers in Anthropic's shape for Anthropic clients (the request carries
 * `anthropic-version`, as the Anthropic SDKs' `models.list()` and `models.retrieve()` do): a list
 * becomes a page (`data`, `has_more`, `first_id`, `last_id`, paged by `limit`, `after_id` and
 * `before_id`), a model `{type: "model", id, display_name, created_at}`; their errors take
 * Anthropic's envelope. Other clients get the OpenAI shapes unchanged.
 */
@Injectable()
export class AnthropicModelShapeInterceptor implements NestInterceptor {
  constructor(private readonly cls: ClsService<RequestContext>) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    if (!wantsAnthropicShape(request.headers)) return next.handle();
    this.cls.get().dialect = ANTHROPIC_MESSAGES;
    const query = request.query as Record<string, unknown>;
    const paging = {
      limit: singleQueryValue(query.limit, 'limit'),
      afterId: singleQueryValue(query.after_id, 'after_id'),
      beforeId: singleQueryValue(query.before_id, 'before_id'),
    };
    return next.handle().pipe(
      map((result: unknown) => {
        if (isModelList(result)) return toAnthropicModelPage(result.data, paging);
        return isModel(result) ? toAnthropicModel(result) : result;
      }),
    );
  }
}
