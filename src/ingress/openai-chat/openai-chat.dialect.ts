import type { GatewayError } from '../../common/errors/gateway-error.js';
import type { IngressDialect } from '../http/ingress-dialect.js';
import { OPENAI_CHAT } from '../../hub/hub-dialect.js';

/**
 * OpenAI's error body `{"error": {"message", "type", "param", "code"}}`, and its streams: `data:`
 * frames ending with `data: [DONE]`, or, when a stream fails after it started, with one
 * `data: {"error": ...}` frame and no `[DONE]`. The shape of every route that is not another dialect's.
 */
export const OPENAI_CHAT_DIALECT: IngressDialect = {
  id: OPENAI_CHAT,
  errorBody: (error: GatewayError) => error.toBody(),
  sse: {
    terminator: 'data: [DONE]\n\n',
    errorFrame: (error: GatewayError) => `data: ${JSON.stringify(error.toBody())}\n\n`,
  },
};
