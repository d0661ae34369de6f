import type { ChatSettings } from './chat-settings';

interface Props {
  settings: ChatSettings;
  models: string[];
  modelsNote: string | undefined;
  onChange: (changes: Partial<ChatSettings>) => void;
}

/** Model, system prompt, temperature, max tokens and tools. */
export function SettingsPanel({ settings, models, modelsNote, onChange }: Props) {
  return (
    <section class="settings" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings</h2>
      <label for="model">Model</label>
      <select id="model" value={settings.model} onChange={(event) => onChange({ model: event.currentTarget.value })}>
        {models.length === 0 && <option value="">No models listed</option>}
        {models.map((model) => (
          <option key={model} value={model}>
            {model}
          </option>
        ))}
      </select>
      {modelsNote && <p class="note">{modelsNote}</p>}

      <label for="system-prompt">System prompt</label>
      <textarea id="system-prompt" rows={3} value={settings.system} onInput={(event) => onChange({ system: event.currentTarget.value })} />

      <div class="row">
        <div>
          <label for="temperature">Temperature</label>
          <input
            id="temperature"
            type="number"
            min={0}
            max={2}
            step={0.1}
            inputMode="decimal"
            placeholder="default"
            value={settings.temperature}
            onInput={(event) => onChange({ temperature: event.currentTarget.value })}
          />
        </div>
        <div>
          <label for="max-tokens">Max tokens</label>
          <input
            id="max-tokens"
            type="number"
            min={1}
            step={1}
            inputMode="numeric"
            placeholder="default"
            value={settings.maxTokens}
            onInput={(event) => onChange({ maxTokens: event.currentTarget.value })}
          />
        </div>
      </div>

      <label for="tools">Tools (JSON)</label>
      <textarea
        id="tools"
        rows={3}
        spellcheck={false}
        placeholder='[{"type": "function", "function": {...}}]'
        value={settings.tools}
        onInput={(event) => onChange({ tools: event.currentTarget.value })}
      />
    </section>
  );
}
