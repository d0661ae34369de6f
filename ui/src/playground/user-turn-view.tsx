import type { UserTurn } from './chat-request';

/** What the user sent, shown as plain text (never as HTML) with its images. */
export function UserTurnView({ turn }: { turn: UserTurn }) {
  return (
    <article class="user-turn" aria-label="Your message">
      <p>{turn.text}</p>
      {turn.images.map((url, index) => (
        <img key={index} src={url} alt={`Attached image ${index + 1}`} />
      ))}
    </article>
  );
}
