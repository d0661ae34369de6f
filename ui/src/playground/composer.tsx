import { useState } from 'preact/hooks';
import type { UserTurn } from './chat-request';
import { readImage } from './read-image';

interface Props {
  draft: UserTurn;
  streaming: boolean;
  onDraft: (draft: UserTurn) => void;
  onSend: () => void;
  onStop: () => void;
}

/** The message box, image attachments, Send and Stop. Enter sends; Shift+Enter starts a new line. */
export function Composer({ draft, streaming, onDraft, onSend, onStop }: Props) {
  const [attachError, setAttachError] = useState<string>();

  const attach = async (files: FileList | null) => {
    setAttachError(undefined);
    try {
      const images = await Promise.all([...(files ?? [])].map(readImage));
      onDraft({ ...draft, images: [...draft.images, ...images] });
    } catch (error) {
      setAttachError(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        onSend();
      }}
    >
      <label for="message">Message</label>
      <textarea
        id="message"
        rows={3}
        value={draft.text}
        onInput={(event) => onDraft({ ...draft, text: event.currentTarget.value })}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            if (!streaming) onSend();
          }
        }}
      />
      {draft.images.length > 0 && (
        <ul class="attachments" aria-label="Attached images">
          {draft.images.map((url, index) => (
            <li key={index}>
              <img src={url} alt={`Attached image ${index + 1}`} />
              <button type="button" onClick={() => onDraft({ ...draft, images: draft.images.filter((_, other) => other !== index) })}>
                Remove image {index + 1}
              </button>
            </li>
          ))}
        </ul>
      )}
      {attachError && (
        <p role="alert" class="error">
          {attachError}
        </p>
      )}
      <div class="actions">
        <label class="attach">
          Attach image
          <input type="file" accept="image/*" multiple onChange={(event) => void attach(event.currentTarget.files)} />
        </label>
        <button type="submit" class="primary" disabled={streaming || (!draft.text.trim() && draft.images.length === 0)}>
          Send
        </button>
        <button type="button" disabled={!streaming} onClick={onStop}>
          Stop
        </button>
      </div>
    </form>
  );
}
