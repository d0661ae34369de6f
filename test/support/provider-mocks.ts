import { startMockAnthropicUpstream } from './mock-anthropic-upstream.js';
import { startMockCohereUpstream } from './mock-cohere-upstream.js';
import { MOCK_KEY, startMockOpenAiUpstream } from './mock-openai-upstream.js';
import { KEYLESS_FLAVOURS, type Flavour } from './openai-flavours.js';

/** A running mock of one provider and the base URL and key that point a strategy at it. */
export interface RunningProviderMock {
  baseUrl: string;
  apiKey?: string;
  close(): Promise<void>;
}

const openAiFormat = (flavour: Flavour) => async (): Promise<RunningProviderMock> => {
  const mock = await startMockOpenAiUpstream(flavour);
  return { baseUrl: mock.baseUrl, apiKey: KEYLESS_FLAVOURS.includes(flavour) ? undefined : MOCK_KEY, close: mock.close };
};

/** The loopback mock that speaks each catalogued provider's wire format. */
export const PROVIDER_MOCKS: Record<string, () => Promise<RunningProviderMock>> = {
  openai: openAiFormat('openai'),
  groq: openAiFormat('groq'),
  deepseek: openAiFormat('deepseek'),
  ollama: openAiFormat('ollama'),
  ollama_cloud: openAiFormat('ollama_cloud'),
  cloudflare: openAiFormat('cloudflare'),
  google: openAiFormat('google'),
  mistral: openAiFormat('mistral'),
  minimax: openAiFormat('minimax'),
  moonshot: openAiFormat('moonshot'),
  nvidia: openAiFormat('nvidia'),
  llamacpp: openAiFormat('llamacpp'),
  zai: openAiFormat('zai'),
  anthropic: async () => {
    const mock = await startMockAnthropicUpstream();
    return { baseUrl: mock.baseUrl, apiKey: MOCK_KEY, close: mock.close };
  },
  cohere: async () => {
    const mock = await startMockCohereUpstream();
    return { baseUrl: mock.baseUrl, apiKey: MOCK_KEY, close: mock.close };
  },
};
