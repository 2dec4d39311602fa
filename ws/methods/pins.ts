/** Pinned messages over the socket (v2). */
import * as v from "valibot";
import { pinsFor, setPinned } from "../../chats/pins.ts";
import { defineMethod } from "../method.ts";

const id = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER));

export const messagesPin = defineMethod({
  params: v.object({ messageId: id, pinned: v.boolean() }),
  auth: true,
  run: async ({ messageId, pinned }, { services, session }) => ({
    pins: await setPinned(services.db, session.userId, messageId, pinned),
  }),
});

export const chatsPins = defineMethod({
  params: v.object({ chatId: id }),
  auth: true,
  run: async ({ chatId }, { services, session }) => ({
    pins: await pinsFor(services.db, session.userId, chatId),
  }),
});
