import type { ChatCompletionChunk, ChatCompletionChunkChoice } from '../../common/openai/chat-completion.types.js';
import { toOpenAiFinishReason } from '../../common/openai/openai-finish-reason.js';
import { toOpenAiUsage } from '../../common/openai/openai-usage.js';
import type { HubEvent } from '../../hub/hub-event.js';
import type { HubFinish } from '../../hub/hub-finish-reason.js';
import type { HubUsage } from '../../hub/hub-usage.js';
import { SERVER_TOOL_BREAK, serverToolCallText, serverToolResultText } from '../http/server-tool-text.js';
import { thinkingBlock, type ThinkingBlock } from './openai-chat.thinking-blocks.js';

type ChunkDelta = ChatCompletionChunkChoice['delta'];

export interface OpenAiChatStreamOptions {
  /** The client asked for `stream_options.include_usage`: `usage: null` on every chunk, then a usage chunk. */
  includeUsage: boolean;
  /** Unix seconds, used until the provider names its own. */
  created: number;
  /** The model name used until the provider names its own. */
  model: string;
}

const frame = (data: string) => `data: ${data}\n\n`;

/**
 * Renders hub events as OpenAI `chat.completion.chunk` frames, the way OpenAI streams: a first
 * chunk with the role, one chunk per text, reasoning (`reasoning_content`) or tool-call delta (tool
 * calls numbered 0, 1, ... in order), a finish chunk, then the usage chunk when the client asked
 * for it. A closed thinking block whose signature the provider issued becomes `thinking_blocks`,
 * so the client can send it back. A tool the gateway ran itself is content, marked `[MCP …]`.
 * Relayed frames are written as they are.
 */
export function createOpenAiChatStreamEncoder(options: OpenAiChatStreamOptions) {
  let id = '';
  let model = options.model;
  let created = options.created;
  let started = false;
  let usage: HubUsage | undefined;
  /** The content written so far ends mid-paragraph: a tool call shown next starts a paragraph of its own. */
  let midParagraph = false;
  const toolIndexes = new Map<number, number>();
  const reasoning = new Map<number, { text: string; redactedData?: string }>();

  const chunk = (delta: ChunkDelta, finishReason: string | null = null): string => {
    const body: ChatCompletionChunk = {
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...(options.includeUsage ? { usage: null } : {}),
    };
    return frame(JSON.stringify(body));
  };
  const start = (): string[] => {
    if (started) return [];
    started = true;
    return [chunk({ role: 'assistant', content: '' })];
  };
  const finish = (end: HubFinish): string[] => {
    const out = [...start(), chunk({}, toOpenAiFinishReason(end))];
    if (options.includeUsage) {
      const final = { id, object: 'chat.completion.chunk', created, model, choices: [], usage: toOpenAiUsage(usage ?? { inputTokens: 0, outputTokens: 0 }) };
      out.push(frame(JSON.stringify(final)));
    }
    return out;
  };
  const thinking = (block: ThinkingBlock): string => chunk({ thinking_blocks: [block] });

  return {
    /** One hub event in, the frames it becomes out. */
    encode(event: HubEvent): string[] {
      switch (event.type) {
        case 'frame':
          return [frame(typeof event.data === 'string' ? event.data : JSON.stringify(event.data))];
        case 'response-start':
          if (event.relayed) return [];
          if (event.id) id = event.id;
          if (event.model) model = event.model;
          if (event.created !== undefined) created = event.created;
          return start();
        case 'text-delta':
          if (event.text) midParagraph = !event.text.endsWith(SERVER_TOOL_BREAK);
          return [...start(), chunk({ content: event.text })];
        case 'server-tool-start': {
          const text = (midParagraph ? SERVER_TOOL_BREAK : '') + serverToolCallText(event);
          midParagraph = true;
          return [...start(), chunk({ content: text })];
        }
        case 'server-tool-end':
          midParagraph = false;
          return [chunk({ content: serverToolResultText(event) })];
        case 'reasoning-start':
          reasoning.set(event.index, { text: '', ...(event.redactedData !== undefined ? { redactedData: event.redactedData } : {}) });
          return [];
        case 'reasoning-delta': {
          const block = reasoning.get(event.index);
          if (block) block.text += event.text;
          return [...start(), chunk({ reasoning_content: event.text })];
        }
        case 'reasoning-end': {
          const block = reasoning.get(event.index);
          reasoning.delete(event.index);
          const signed = block && thinkingBlock({ text: block.text, signature: event.signature, redactedData: block.redactedData });
          return signed ? [...start(), thinking(signed)] : [];
        }
        case 'tool-call-start': {
          const index = toolIndexes.size;
          toolIndexes.set(event.index, index);
          return [...start(), chunk({ tool_calls: [{ index, id: event.id, type: 'function', function: { name: event.name, arguments: '' } }] })];
        }
        case 'tool-call-delta': {
          const index = toolIndexes.get(event.index);
          return index === undefined ? [] : [chunk({ tool_calls: [{ index, function: { arguments: event.arguments } }] })];
        }
        case 'usage':
          usage = event.usage;
          return [];
        case 'finish':
          return event.relayed ? [] : finish(event.finish);
        default:
          return [];
      }
    },
  };
}
