/** Chats and messages over the socket (v2). */
import * as v from "valibot";
import { MAX_ATTACHMENTS } from "../../files/attachments.ts";
import { text } from "../text.ts";
import { listChats } from "../../chats/list.ts";
import { CONTENT_TYPES, history, sendMessage } from "../../chats/messages.ts";
import { markRead, readBy } from "../../chats/reads.ts";
import { deleteChat, deleteMessage, editMessage, muteChat, typing } from "../../chats/manage.ts";
import { openPersonalChat } from "../../chats/personal.ts";
import type { Connection } from "../connection.ts";
import { defineMethod } from "../method.ts";

const id = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER));

export const chatsList = defineMethod({
  params: v.object({}),
  auth: true,
  run: async (_params, { services, session }) => ({
    chats: await listChats(services.db, session.userId),
  }),
});

export const chatsOpenPersonal = defineMethod({
  params: v.union([
    v.object({ userId: id }),
    v.object({ username: text(64, 1) }),
  ]),
  auth: true,
  run: async (target, { services, session }) => ({
    chatId: await openPersonalChat(services.db, services.config, session.userId, target),
  }),
});

export const messagesSend = defineMethod({
  params: v.object({
    chatId: id,
    content: text(16_000),
    contentType: v.optional(v.picklist(CONTENT_TYPES), "text"),
    clientId: text(64, 1),
    replyTo: v.optional(id),
    /** Upload ids (`POST /api/uploads`), sent with the message in this order. */
    attachments: v.optional(
      v.pipe(
        v.array(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,64}$/))),
        v.maxLength(MAX_ATTACHMENTS),
      ),
    ),
  }),
  auth: true,
  run: async ({ attachments, ...params }, { conn, services, session }) => ({
    message: await sendMessage(
      services.db,
      session.userId,
      { ...params, attachmentIds: attachments },
      conn,
    ),
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
    messages: await history(services.db, session.userId, chatId, page),
  }),
});

export const messagesRead = defineMethod({
  params: v.object({ chatId: id, messageId: id }),
  auth: true,
  run: async ({ chatId, messageId }, { services, session }) => ({
    lastRead: await markRead(services.db, session.userId, chatId, messageId),
  }),
});

export const messagesReadBy = defineMethod({
  params: v.object({ messageId: id }),
  auth: true,
  run: async ({ messageId }, { services, session }) => ({
    readBy: await readBy(services.db, session.userId, messageId),
  }),
});

export const messagesEdit = defineMethod({
  params: v.object({ messageId: id, content: text(16_000) }),
  auth: true,
  run: async ({ messageId, content }, { services, session }) => ({
    message: await editMessage(services.db, session.userId, messageId, content),
  }),
});

export const messagesDelete = defineMethod({
  params: v.object({ messageId: id }),
  auth: true,
  run: async ({ messageId }, { services, session }) => {
    await deleteMessage(services.db, session.userId, messageId);
    return {};
  },
});

export const chatsDelete = defineMethod({
  params: v.object({ chatId: id, forBoth: v.optional(v.boolean(), false) }),
  auth: true,
  run: async ({ chatId, forBoth }, { services, session }) => {
    await deleteChat(services.db, session.userId, chatId, forBoth);
    return {};
  },
});

export const chatsMute = defineMethod({
  params: v.object({ chatId: id, muted: v.boolean() }),
  auth: true,
  run: async ({ chatId, muted }, { services, session }) => {
    await muteChat(services.db, session.userId, chatId, muted);
    return {};
  },
});

/** A connection's last typing notice per chat: more than one per interval is dropped. */
const lastTyping = new WeakMap<Connection, Map<number, number>>();
const TYPING_INTERVAL_MS = 2_000;

export const chatsTyping = defineMethod({
  params: v.object({ chatId: id }),
  auth: true,
  run: async ({ chatId }, { services, session, conn }) => {
    const seen = lastTyping.get(conn) ?? new Map<number, number>();
    lastTyping.set(conn, seen);
    const now = Date.now();
    if (now - (seen.get(chatId) ?? 0) < TYPING_INTERVAL_MS) return { sent: false };
    seen.set(chatId, now);
    await typing(services.db, session.userId, chatId);
    return { sent: true };
  },
});
