/**
 * The original protocol's chat methods, field for field: `createChat`, `getChats`,
 * `getMessages` and `sendMessage`. A non-member gets "423"; a contact that does not exist "409".
 */
import * as v from "valibot";
import { text } from "../text.ts";
import { membersOf } from "../../chats/access.ts";
import { listChats } from "../../chats/list.ts";
import { history, type Message, sendMessage } from "../../chats/messages.ts";
import { openPersonalChat } from "../../chats/personal.ts";
import { stickerUrl } from "../../chats/stickers.ts";
import { HttpError } from "../../framework/http_error.ts";
import { defineMethod } from "../method.ts";
import { v1Time } from "./frame.ts";
import { describeNote } from "../../lib/system_text.ts";
import { isLang, type MessageKey, translator } from "../../i18n/mod.ts";
import type { Db } from "../../db/mod.ts";

/**
 * v1 has no system messages: they are shown as text, in the reader's language; so is a last
 * message of files alone in the chat list ("Photo").
 */
async function wordsFor(db: Db, userId: number) {
  const [row] = await db.query<{ lang: string }>("select lang from users where id = $1", [userId]);
  const t = translator(isLang(row?.lang) ? row.lang : "en");
  return (
    content: string,
    type: string,
    actor: string | null,
    file?: { kind: string; name: string },
  ) => {
    if (type === "system") {
      return describeNote(content, actor ?? "", (key, params) => t(key as MessageKey, params));
    }
    if (type === "sticker") return t("im.preview.sticker");
    if (file && !content) {
      const kind = file.kind === "image" ? "photo" : file.kind === "file" ? "file" : file.kind;
      return t(`im.preview.${kind}` as MessageKey, { name: file.name });
    }
    return content;
  };
}

/**
 * A message as v1 rows: one per file, whose content is the file's address (fetched with the
 * token, as `?token=` or a Bearer header) and whose type is the original's ("img", "video",
 * "file"), then its text, if any.
 */
function v1Rows(m: Message, words: Awaited<ReturnType<typeof wordsFor>>) {
  const row = (content: string, content_type: string) => ({
    from_id: m.senderId,
    from_name: m.senderName,
    content,
    content_type,
    content_time: v1Time(m.createdAt),
  });
  const files = m.attachments.map((file) =>
    row(file.url, file.kind === "image" ? "img" : file.kind === "video" ? "video" : "file")
  );
  if (m.contentType === "sticker") return [row(stickerUrl(m.content), "sticker")];
  if (files.length > 0 && !m.content) return files;
  const text = words(m.content, m.contentType, m.senderName);
  return [
    ...files,
    row(text, files.length > 0 || m.contentType === "system" ? "text" : m.contentType),
  ];
}

/** Ids arrived as numbers or as numeric strings from the original's clients. */
const id = v.pipe(
  v.union([v.number(), v.pipe(v.string(), v.regex(/^\d{1,15}$/))]),
  v.transform(Number),
  v.integer(),
  v.minValue(1),
);

/** How many messages `getMessages` returns at most, the latest ones. */
const V1_MESSAGE_LIMIT = 200;

export const createChat = defineMethod({
  params: v.looseObject({
    contact_value: v.union([text(254), v.number()]),
    contact_mode: v.picklist(["id", "username"]),
  }),
  auth: true,
  run: async ({ contact_value, contact_mode }, { services, session }) => {
    const target = contact_mode === "id"
      ? { userId: Number(contact_value) }
      : { username: String(contact_value) };
    if ("userId" in target && !Number.isSafeInteger(target.userId)) {
      throw new HttpError(409, "No such user");
    }
    try {
      return {
        chat_id: await openPersonalChat(services.db, services.config, session.userId, target),
      };
    } catch (error) {
      if (error instanceof HttpError && error.status === 404) {
        throw new HttpError(409, "No such user");
      }
      throw error;
    }
  },
});

export const getChats = defineMethod({
  params: v.looseObject({}),
  auth: true,
  run: async (_params, { services, session }) => {
    const chats = (await listChats(services.db, session.userId)).filter((c) => !c.group?.left);
    const words = await wordsFor(services.db, session.userId);
    const groups = await membersOf(
      services.db,
      chats.flatMap((chat) => chat.kind === "group" ? [chat.id] : []),
    );
    return {
      chats: chats.map((chat) => ({
        chat_id: chat.id,
        chat_members: chat.kind === "personal"
          ? chat.other?.id ?? null
          : (groups.get(chat.id) ?? []).filter((id) => id !== session.userId),
        chat_name: chat.kind === "personal" ? chat.other?.username ?? "" : chat.title,
        chat_type: chat.kind,
        last_message_time: chat.last ? v1Time(chat.last.at) : null,
        last_message_text: chat.last
          ? words(chat.last.content, chat.last.type, chat.last.senderName, chat.last.file)
          : null,
        last_message_sender: chat.last?.senderName ?? null,
      })),
    };
  },
});

export const getMessages = defineMethod({
  params: v.looseObject({ chat_id: id, min_message_id: v.optional(v.nullable(id)) }),
  auth: true,
  run: async ({ chat_id, min_message_id }, { services, session }) => {
    const page = min_message_id
      ? { after: min_message_id, limit: Number.MAX_SAFE_INTEGER }
      : { limit: V1_MESSAGE_LIMIT };
    let messages = await history(services.db, session.userId, chat_id, page);
    // The original sent the latest 200 of whatever matched, oldest first.
    messages = messages.slice(-V1_MESSAGE_LIMIT);
    const words = await wordsFor(services.db, session.userId);
    return { messages: messages.flatMap((m) => v1Rows(m, words)) };
  },
});

export const sendMessageV1 = defineMethod({
  params: v.looseObject({
    chat_id: id,
    content: text(16_000),
    content_type: v.optional(v.picklist(["text", "img", "video"]), "text"),
  }),
  auth: true,
  run: async ({ chat_id, content, content_type }, { services, session }) => {
    await sendMessage(services.db, session.userId, {
      chatId: chat_id,
      content,
      contentType: content_type,
    });
    return {};
  },
});
