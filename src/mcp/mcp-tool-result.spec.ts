import { toServerToolResult } from './mcp-tool-result.js';

describe('an MCP tool result as the model is given it', () => {
  it('keeps text and images, describes what it cannot pass on, and keeps isError', () => {
    expect(
      toServerToolResult({
        isError: true,
        content: [
          { type: 'text', text: 'partly failed' },
          { type: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' },
          { type: 'audio', data: 'AAAA', mimeType: 'audio/wav' },
          { type: 'resource_link', uri: 'file:///report.pdf', name: 'report', description: 'The report' },
          { type: 'resource', resource: { uri: 'file:///notes.txt', text: 'the notes' } },
          { type: 'resource', resource: { uri: 'file:///data.bin', blob: 'AAAA', mimeType: 'application/octet-stream' } },
        ],
      }),
    ).toEqual({
      isError: true,
      content: [
        { type: 'text', text: 'partly failed' },
        { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } },
        { type: 'text', text: '[audio (audio/wav) the gateway cannot pass on]' },
        { type: 'text', text: '[resource report: file:///report.pdf (The report)]' },
        { type: 'text', text: 'the notes' },
        { type: 'text', text: '[binary resource file:///data.bin (application/octet-stream)]' },
      ],
    });
  });

  it('gives the structured result as JSON when there is no text', () => {
    expect(toServerToolResult({ content: [], structuredContent: { temperature: 4 } })).toEqual({
      isError: false,
      content: [{ type: 'text', text: '{"temperature":4}' }],
    });
  });

  it('says when the tool returned nothing', () => {
    expect(toServerToolResult({ content: [] }).content).toEqual([{ type: 'text', text: 'The tool returned no content.' }]);
  });
});
