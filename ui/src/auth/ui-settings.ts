/** `GET /ui/config.json`: what the UI needs before its first API call (public). */
export interface UiSettings {
  authEnabled: boolean;
  issuer: string;
  clientId: string;
  /** Whether the gateway keeps usage (an access file): the Usage page is shown. */
  usage: boolean;
}

export async function loadUiSettings(): Promise<UiSettings> {
  const response = await fetch('/ui/config.json');
  if (!response.ok) throw new Error(`/ui/config.json answered HTTP ${response.status}`);
  return (await response.json()) as UiSettings;
}
