import type { ChatMessage, ChatRequest, ContentPart, ToolDefinition } from '../api/wire-types';
import type { ChatSettings } from './chat-settings';

/** A user turn as typed: text and attached images (data URLs). */
export interface UserTurn {
  text: string;
  images: string[];
}

/** An earlier exchange, as sent again with the next request. */
export interface PastTurn {
  user: UserTurn;
  assistant?: string;
}

export function toUserContent(turn: UserTurn): string | ContentPart[] {
  if (turn.images.length === 0) return turn.text;
  return [
    ...(turn.text ? [{ type: 'text' as const, text: turn.text }] : []),
    ...turn.images.map((url) => ({ type: 'image_url' as const, image_url: { url } })),
  ];
}

/**
 * The streaming chat request for the settings, the conversation so far and the new message; or
 * the reason the settings cannot be sent (a temperature out of range, tools that are not JSON).
 */
export function buildChatRequest(settings: ChatSettings, history: PastTurn[], next: UserTurn): { request: ChatRequest } | { error: string } {
  if (!settings.model) return { error: 'Choose a model first.' };
  const messages: ChatMessage[] = [];
  if (settings.system.trim()) messages.push({ role: 'system', content: settings.system });
  for (const turn of history) {
    messages.push({ role: 'user', content: toUserContent(turn.user) });
    if (turn.assistant) messages.push({ role: 'assistant', content: turn.assistant });
  }
  messages.push({ role: 'user', content: toUserContent(next) });
  const request: ChatRequest = { model: settings.model, messages, stream: true, stream_options: { include_usage: true } };

  if (settings.temperature.trim()) {
    const temperature = Number(settings.temperature);
    if (!Number.isFinite(temperature) || temperature < 0 || temperature > 2) return { error: 'Temperature must be a number from 0 to 2.' };
    request.temperature = temperature;
  }
  if (settings.maxTokens.trim()) {
    const maxTokens = Number(settings.maxTokens);
    if (!Number.isInteger(maxTokens) || maxTokens < 1) return { error: 'Max tokens must be a whole number above 0.' };
    request.max_completion_tokens = maxTokens;
  }
  if (settings.tools.trim()) {
    const tools = parseTools(settings.tools);
    if (!tools) return { error: 'Tools must be a JSON array of {"type": "function", "function": {"name": ...}} objects.' };
    request.tools = tools;
  }
  return { request };
}

function parseTools(text: string): ToolDefinition[] | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    if (!Array.isArray(value)) return undefined;
    const valid = value.every((tool: unknown) => {
      const candidate = tool as Partial<ToolDefinition> | null;
      return candidate?.type === 'function' && typeof candidate.function?.name === 'string';
    });
    return valid ? (value as ToolDefinition[]) : undefined;
  } catch {
    return undefined;
  }
}
