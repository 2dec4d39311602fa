/** Forwarding a message over the socket (v2). */
import * as v from "valibot";
import { forwardMessage } from "../../chats/forward.ts";
import { defineMethod } from "../method.ts";
import { text } from "../text.ts";

const id = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER));

export const messagesForward = defineMethod({
  params: v.object({ messageId: id, chatId: id, clientId: text(64, 1) }),
  auth: true,
  run: async ({ messageId, chatId, clientId }, { services, session }) => ({
    message: await forwardMessage(services.db, session.userId, {
      messageId,
      toChatId: chatId,
      clientId,
      quotaBytes: services.config.userQuotaBytes,
    }),
  }),
});
