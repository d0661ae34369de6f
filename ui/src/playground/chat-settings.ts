/** The playground's settings, as typed (numbers stay text until a request is built). */
export interface ChatSettings {
  model: string;
  system: string;
  temperature: string;
  maxTokens: string;
  /** A JSON array of tool definitions, or empty. */
  tools: string;
}

export const DEFAULT_SETTINGS: ChatSettings = { model: '', system: '', temperature: '', maxTokens: '', tools: '' };
