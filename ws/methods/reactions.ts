/** Reactions over the socket (v2): a second touch of the same emoji takes it off. */
import * as v from "valibot";
import { toggleReaction } from "../../chats/reactions.ts";
import { defineMethod } from "../method.ts";
import { text } from "../text.ts";

const id = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER));

export const reactionsToggle = defineMethod({
  params: v.object({ messageId: id, emoji: text(32, 1) }),
  auth: true,
  run: async ({ messageId, emoji }, { services, session }) => ({
    reactions: await toggleReaction(services.db, session.userId, messageId, emoji),
  }),
});
