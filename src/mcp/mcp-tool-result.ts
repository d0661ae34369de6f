import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ServerToolResult } from '../core/tools/server-tools.js';
import type { HubImagePart, HubTextPart } from '../hub/hub-request.js';

/**
 * An MCP tool's result as the model is given it: text blocks as text, images as images (the
 * provider decides where they go), audio, resource links and embedded resources described in
 * text (an embedded text resource is its text), the structured result as JSON when there is no
 * text; `isError` kept, so the model can tell a failure and try something else.
 */
export function toServerToolResult(result: CallToolResult): ServerToolResult {
  const content: Array<HubTextPart | HubImagePart> = [];
  for (const block of result.content) {
    switch (block.type) {
      case 'text':
        content.push({ type: 'text', text: block.text });
        break;
      case 'image':
        content.push({ type: 'image', source: { kind: 'base64', mediaType: block.mimeType, data: block.data } });
        break;
      case 'audio':
        content.push({ type: 'text', text: `[audio (${block.mimeType}) the gateway cannot pass on]` });
        break;
      case 'resource_link':
        content.push({ type: 'text', text: `[resource ${block.name}: ${block.uri}${block.description ? ` (${block.description})` : ''}]` });
        break;
      case 'resource': {
        const resource = block.resource;
        content.push({
          type: 'text',
          text: 'text' in resource ? resource.text : `[binary resource ${resource.uri}${resource.mimeType ? ` (${resource.mimeType})` : ''}]`,
        });
        break;
      }
    }
  }
  if (!content.some((part) => part.type === 'text') && result.structuredContent !== undefined) {
    content.unshift({ type: 'text', text: JSON.stringify(result.structuredContent) });
  }
  if (content.length === 0) content.push({ type: 'text', text: 'The tool returned no content.' });
  return { content, isError: result.isError === true };
}
