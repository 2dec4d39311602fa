/**
 * The open group's members as the messenger island keeps them: names for who is typing and for
 * mentions, roles, and each one's read position, so that a message shows ✓✓ once all the others
 * have read it. Read once when the group opens and again when its members change.
 */
import { useRef, useState } from "preact/hooks";
import type { Request } from "./socket.ts";

export interface MemberItem {
  userId: number;
  username: string;
  name: string;
  lastRead: number;
}

const TYPING_SHOWN_MS = 5_000;

export function useMembers(request: Request, me: number, chatId?: number) {
  const [members, setMembers] = useState(new Map<number, MemberItem>());
  const [typing, setTyping] = useState(new Map<number, number>());
  const loading = useRef(0);

  const others = [...members.values()].filter((m) => m.userId !== me);
  return {
    members,
    async load() {
      if (!chatId) return;
      const turn = ++loading.current;
      const answer = await request("groups.info", { chatId });
      if (!answer.ok || turn !== loading.current) return;
      setMembers(new Map(answer.result.group.members.map((m) => [m.userId, m])));
    },
    /** A member's read position moved. */
    read(userId: number, messageId: number) {
      setMembers((all) => {
        const member = all.get(userId);
        if (!member || member.lastRead >= messageId) return all;
        return new Map(all).set(userId, { ...member, lastRead: messageId });
      });
    },
    /** Every other member has read up to here. */
    othersRead: others.length === 0 ? 0 : Math.min(...others.map((m) => m.lastRead)),
    /** The names of those typing now, in the order they started. */
    typingNames: [...typing.keys()].flatMap((id) => members.get(id)?.name ?? []),
    showTyping(userId: number) {
      setTyping((all) => new Map(all).set(userId, Date.now() + TYPING_SHOWN_MS));
      setTimeout(() =>
        setTyping((all) => {
          const until = all.get(userId);
          if (until === undefined || until > Date.now()) return all;
          const rest = new Map(all);
          rest.delete(userId);
          return rest;
        }), TYPING_SHOWN_MS);
    },
    stoppedTyping(userId: number) {
      setTyping((all) => {
        if (!all.has(userId)) return all;
        const rest = new Map(all);
        rest.delete(userId);
        return rest;
      });
    },
  };
}

/** "Anna is typing…", "Anna and Boris are typing…", "Anna, Boris and 2 more are typing…". */
export function typingText(names: string[], labels: Record<string, string>): string | undefined {
  const [a, b] = names;
  if (names.length === 0) return undefined;
  if (names.length === 1) return labels.typingOne.replace("{name}", a);
  if (names.length === 2) return labels.typingTwo.replace("{a}", a).replace("{b}", b);
  return labels.typingMany.replace("{a}", a).replace("{b}", b)
    .replace("{count}", String(names.length - 2));
}
