/**
 * A chat's unsent text, kept in this browser per account and chat, so that it survives switching
 * chats and reloading. While a message is being edited the box shows that message instead, and
 * the draft comes back after.
 */
import { useEffect, useState } from "preact/hooks";

export interface Draft {
  text: string;
  /** The user typed: shown and kept. */
  type(text: string): void;
  /** Shown, not kept: a message being edited. */
  show(text: string): void;
  /** The kept draft, shown again. */
  restore(): void;
  /** Sent: nothing left to keep. */
  clear(): void;
}

export function useDraft(userId: number, chatId: number | undefined): Draft {
  const key = chatId ? `parley:draft:${userId}:${chatId}` : undefined;
  const [text, setText] = useState("");
  const stored = () => {
    try {
      return key ? localStorage.getItem(key) ?? "" : "";
    } catch {
      return "";
    }
  };
  const keep = (value: string) => {
    if (!key) return;
    try {
      if (value) localStorage.setItem(key, value);
      else localStorage.removeItem(key);
    } catch {
      // Storage full or refused: the draft lives as long as the page.
    }
  };
  // Read after the first render, which must match the server's (an empty box).
  useEffect(() => setText(stored()), [key]);
  return {
    text,
    type(value) {
      setText(value);
      keep(value);
    },
    show: setText,
    restore: () => setText(stored()),
    clear() {
      setText("");
      keep("");
    },
  };
}
