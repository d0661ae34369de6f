import type { ChatMessage, ChatRequest, ContentPart } from '../api/wire-types';

export type SnippetLanguage = 'curl' | 'openai' | 'anthropic';

export const SNIPPET_LABELS: Record<SnippetLanguage, string> = { curl: 'curl', openai: 'openai (JS)', anthropic: '@anthropic-ai/sdk' };

/** Long image data URLs are shortened for display: the snippet shows their start only. */
const SHOWN_DATA_URL_LENGTH = 48;

/** The request as curl, the `openai` client or `@anthropic-ai/sdk`, pointed at this gateway. The token is never shown: `$GATEWAY_TOKEN`. */
export function toSnippet(language: SnippetLanguage, request: ChatRequest, origin: string): string {
  const shown = shortenDataUrls(request);
  if (language === 'curl') return toCurl(shown, origin);
  if (language === 'openai') return toOpenAi(shown, origin);
  return toAnthropic(shown, origin);
}

function toCurl(request: ChatRequest, origin: string): string {
  const body = JSON.stringify(request, null, 2).replaceAll("'", "'\\''");
  return [
    `curl -N ${origin}/v1/chat/completions \\`,
    `  -H 'content-type: application/json' \\`,
    `  -H "authorization: Bearer $GATEWAY_TOKEN" \\`,
    `  -d '${body}'`,
  ].join('\n');
}

function toOpenAi(request: ChatRequest, origin: string): string {
  return [
    `import OpenAI from 'openai';`,
    ``,
    `const client = new OpenAI({ baseURL: '${origin}/v1', apiKey: process.env.GATEWAY_TOKEN ?? 'unused-without-auth' });`,
    `const stream = await client.chat.completions.create(${JSON.stringify(request, null, 2)});`,
    `for await (const chunk of stream) {`,
    `  process.stdout.write(chunk.choices[0]?.delta.content ?? '');`,
    `}`,
  ].join('\n');
}

/** Anthropic's Messages format: the system prompt apart, images as base64 sources, `max_tokens` required. */
function toAnthropic(request: ChatRequest, origin: string): string {
  const system = request.messages.find((message) => message.role === 'system')?.content;
  const body = {
    model: request.model,
    max_tokens: request.max_completion_tokens ?? 1024,
    ...(system ? { system } : {}),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    messages: request.messages.filter((message) => message.role !== 'system').map(toAnthropicMessage),
    ...(request.tools
      ? {
          tools: request.tools.map(({ function: tool }) => ({
            name: tool.name,
            description: tool.description,
            input_schema: tool.parameters ?? { type: 'object' },
          })),
        }
      : {}),
  };
  return [
    `import Anthropic from '@anthropic-ai/sdk';`,
    ``,
    `// Through the gateway's Anthropic Messages endpoint (POST /v1/messages); the token goes in Authorization: Bearer.`,
    `const client = new Anthropic({ baseURL: '${origin}', apiKey: null, authToken: process.env.GATEWAY_TOKEN ?? 'unused-without-auth' });`,
    `const stream = client.messages.stream(${JSON.stringify(body, null, 2)});`,
    `stream.on('text', (text) => process.stdout.write(text));`,
    `await stream.finalMessage();`,
  ].join('\n');
}

function toAnthropicMessage(message: ChatMessage): { role: string; content: unknown } {
  if (message.role !== 'user' || typeof message.content === 'string') return { role: message.role, content: message.content ?? '' };
  return { role: 'user', content: message.content.map(toAnthropicPart) };
}

function toAnthropicPart(part: ContentPart): unknown {
  if (part.type === 'text') return part;
  const data = /^data:([^;,]+);base64,(.*)$/s.exec(part.image_url.url);
  if (!data) return { type: 'image', source: { type: 'url', url: part.image_url.url } };
  return { type: 'image', source: { type: 'base64', media_type: data[1], data: data[2] } };
}

function shortenDataUrls(request: ChatRequest): ChatRequest {
  const messages = request.messages.map((message): ChatMessage => {
    if (message.role !== 'user' || typeof message.content === 'string') return message;
    const content = message.content.map((part): ContentPart => {
      const url = part.type === 'image_url' ? part.image_url.url : '';
      return part.type === 'image_url' && url.length > SHOWN_DATA_URL_LENGTH
        ? { ...part, image_url: { url: `${url.slice(0, SHOWN_DATA_URL_LENGTH)}…` } }
        : part;
    });
    return { ...message, content };
  });
  return { ...request, messages };
}
