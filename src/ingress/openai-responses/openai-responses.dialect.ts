import type { GatewayError } from '../../common/errors/gateway-error.js';
import type { IngressDialect } from '../http/ingress-dialect.js';

import { OPENAI_RESPONSES } from '../../hub/hub-dialect.js';

/**
 * OpenAI's Responses API: OpenAI's error body; streams of named events (`event:` + `data:`) that
 * end with their last event (no terminator). A stream that breaks ends with `error` and
 * `response.failed`, numbered after what was sent (the stream encoder writes those); this frame
 * is only the fallback.
 */
export const OPENAI_RESPONSES_DIALECT: IngressDialect = {
  id: OPENAI_RESPONSES,
  errorBody: (error: GatewayError) => error.toBody(),
  sse: {
    terminator: '',
    errorFrame: (error: GatewayError) => {
      const code = error.code ?? error.type;
      const detail = { type: error.type, code, message: error.message, param: error.param };
      return `event: error\ndata: ${JSON.stringify({ type: 'error', sequence_number: 0, code, message: error.message, param: error.param, error: detail })}\n\n`;
    },
  },
};
