/** Chats and messages over the socket (v2). */
import * as v from "valibot";
import { listChats } from "../../chats/list.ts";
import { CONTENT_TYPES, history, markRead, sendMessage } from "../../chats/messages.ts";
import { openPersonalChat } from "../../chats/personal.ts";
import { defineMethod } from "../method.ts";

const id = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER));

export const chatsList = defineMethod({
  params: v.object({}),
  auth: true,
  run: async (_params, { services, session }) => ({
    chats: await listChats(services.db, session!.userId),
  }),
});

export const chatsOpenPersonal = defineMethod({
  params: v.union([
    v.object({ userId: id }),
    v.object({ username: v.pipe(v.string(), v.minLength(1), v.maxLength(64)) }),
  ]),
  auth: true,
  run: async (target, { services, session }) => ({
    chatId: await openPersonalChat(services.db, services.config, session!.userId, target),
  }),
});

export const messagesSend = defineMethod({
  params: v.object({
    chatId: id,
    content: v.pipe(v.string(), v.maxLength(16_000)),
    contentType: v.optional(v.picklist(CONTENT_TYPES), "text"),
    clientId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
    replyTo: v.optional(id),
  }),
  auth: true,
  run: async (params, { services, session }) => ({
    message: await sendMessage(services.db, session!.userId, params),
  }),
});

export const messagesHistory = defineMethod({
  params: v.object({
    chatId: id,
    before: v.optional(id),
    after: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
    limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(200)), 50),
  }),
  auth: true,
  run: async ({ chatId, ...page }, { services, session }) => ({
    messages: await history(services.db, session!.userId, chatId, page),
  }),
});

export const messagesRead = defineMethod({
  params: v.object({ chatId: id, messageId: id }),
  auth: true,
  run: async ({ chatId, messageId }, { services, session }) => ({
    lastRead: await markRead(services.db, session!.userId, chatId, messageId),
  }),
});
