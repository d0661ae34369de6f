import { MOCK_KEY } from '../../support/mock-openai-upstream.js';
import type { MockServer } from '../../support/mock-server.js';
import { startOpenAiUpstreams, startTestGateway, type TestGateway, type Upstreams } from '../../support/gateway-harness.js';
import { startEchoUpstream } from './echo-upstream.js';

/**
 * Nothing listens on port 1 of the loopback address (a privileged port no test service uses), so a
 * provider pointed there is down: connections are refused at once.
 */
export const CLOSED_PORT_URL = 'http://127.0.0.1:1/v1';

export interface UiTestSetup {
  gateway: TestGateway;
  upstreams: Upstreams;
  echo: MockServer;
  close(): Promise<void>;
}

/**
 * The built gateway in process on port 0 behind mock upstreams: `openai` (scenario words such as
 * `#slow:50`, `#tools`, `#error:429`), `deepseek` echoing the user's message back, and `ollama`
 * pointed at a closed port (down).
 */
export async function startUiGateway(env: Record<string, string> = {}): Promise<UiTestSetup> {
  const [upstreams, echo] = await Promise.all([startOpenAiUpstreams(['openai']), startEchoUpstream()]);
  const gateway = await startTestGateway({
    ...upstreams.env,
    DEEPSEEK_API_URL: echo.origin,
    DEEPSEEK_API_KEY: MOCK_KEY,
    OLLAMA_API_URL: CLOSED_PORT_URL,
    ...env,
  });
  return {
    gateway,
    upstreams,
    echo,
    close: async () => {
      await gateway.close();
      await Promise.all([upstreams.closeAll(), echo.close()]);
    },
  };
}
