/**
 * A system message in words, in the reader's language: used by the islands, the page rendered on
 * the server, and the original protocol, which shows it as text.
 */
import type { SystemNote } from "../chats/system_messages.ts";
import { fill } from "../i18n/fill.ts";

/** Looks up an `im.system.*` string and fills it in. */
export type Words = (key: string, params: Record<string, string>) => string;

/** Reads a system message's content; undefined for what is not a note. */
export function parseNote(content: string): SystemNote | undefined {
  try {
    const note = JSON.parse(content);
    return typeof note?.type === "string" ? note as SystemNote : undefined;
  } catch {
    return undefined;
  }
}

/** What the note `content`, by `actor`, says; the raw text when it is not a note. */
export function describeNote(content: string, actor: string, words: Words): string {
  const note = parseNote(content);
  if (!note) return content;
  const list = (users: { name: string }[]) => {
    const names = users.map((user) => user.name);
    return names.length < 2
      ? names.join("")
      : `${names.slice(0, -1).join(", ")} ${words("im.system.and", {})} ${names.at(-1)}`;
  };
  switch (note.type) {
    case "created":
    case "renamed":
      return words(`im.system.${note.type}`, { actor, title: note.title });
    case "added":
    case "removed":
      return words(`im.system.${note.type}`, { actor, users: list(note.users) });
    case "left":
    case "picture":
      return words(`im.system.${note.type}`, { actor });
    case "joined":
      return words(`im.system.joined.${note.via}`, { actor });
    case "role":
      return words(`im.system.role.${note.role}`, { actor, user: note.user.name });
    case "owner":
      return words("im.system.owner", { actor, user: note.user.name });
    default:
      return content;
  }
}

/** `Words` from an island's labels, which drop the `im.` of their keys. */
export function wordsOf(labels: Record<string, string>): Words {
  return (key, params) => fill(labels[key.replace(/^im\./, "")] ?? key, params);
}
