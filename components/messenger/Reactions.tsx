/**
 * A message's reactions: each emoji with its count, the reader's own marked, who put it in its
 * title; a touch puts or takes off the reader's. `ReactionBar` offers six at hand and any other
 * emoji typed or picked from the keyboard.
 */
import { useState } from "preact/hooks";
import type { Reaction } from "../../chats/message_rows.ts";

export const QUICK_REACTIONS = ["👍", "❤️", "😂", "😮", "😢", "🙏"];

export function Reactions(
  { reactions, me, onReact }: {
    reactions: Reaction[];
    me: number;
    onReact(emoji: string): void;
  },
) {
  return (
    <span class="reactions">
      {reactions.map((reaction) => {
        const mine = reaction.userIds.includes(me);
        const more = reaction.count - reaction.names.length;
        return (
          <button
            key={reaction.emoji}
            type="button"
            class={mine ? "reaction mine" : "reaction"}
            aria-pressed={mine}
            title={reaction.names.join(", ") + (more > 0 ? ` +${more}` : "")}
            onClick={() => onReact(reaction.emoji)}
          >
            {reaction.emoji} {reaction.count}
          </button>
        );
      })}
    </span>
  );
}

export function ReactionBar(
  { labels: l, onReact, onClose }: {
    labels: Record<string, string>;
    onReact(emoji: string): void;
    onClose(): void;
  },
) {
  const [other, setOther] = useState("");
  const pick = (emoji: string) => {
    onReact(emoji);
    onClose();
  };
  return (
    <span class="reaction-bar" role="group" aria-label={l.react}>
      {QUICK_REACTIONS.map((emoji) => (
        <button
          key={emoji}
          type="button"
          class="link"
          onClick={() => pick(emoji)}
        >
          {emoji}
        </button>
      ))}
      <input
        class="reaction-other"
        aria-label={l.reactOther}
        placeholder="🙂"
        maxLength={16}
        value={other}
        onInput={(event) => setOther(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter" && other.trim()) {
            event.preventDefault();
            pick(other.trim());
          }
          if (event.key === "Escape") onClose();
        }}
      />
    </span>
  );
}
