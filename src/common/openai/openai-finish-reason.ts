import type { HubFinish, HubFinishReason } from '../../hub/hub-finish-reason.js';

const FROM_OPENAI: Readonly<Record<string, HubFinishReason>> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool-calls',
  content_filter: 'content-filter',
};

const TO_OPENAI: Readonly<Record<HubFinishReason, string | undefined>> = {
  stop: 'stop',
  'stop-sequence': 'stop',
  pause: 'stop',
  length: 'length',
  'tool-calls': 'tool_calls',
  'content-filter': 'content_filter',
  other: undefined,
};

/** An OpenAI `finish_reason` in the hub's terms; reasons OpenAI may add later are `other`, kept raw. */
export function fromOpenAiFinishReason(reason: string): HubFinish {
  return { reason: FROM_OPENAI[reason] ?? 'other', raw: reason };
}

/** A hub finish as OpenAI's `finish_reason`; an `other` reason is passed on as the provider said it. */
export function toOpenAiFinishReason(finish: HubFinish): string {
  return TO_OPENAI[finish.reason] ?? finish.raw ?? 'stop';
}
