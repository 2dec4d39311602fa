/**
 * Who is notified of what. A new message notifies the chat's other members who have no Parley tab
 * open anywhere (`users.online_until`), unless they muted the chat and are not mentioned in it; a
 * staff answer to a ticket notifies its asker the same way. Messages that come close together are
 * told in one notice per chat. A chat read on one device takes its notification off the others.
 *
 * Only the process where a message was stored notifies of it, so that each is told once however
 * many processes hear of it; reads are heard from every process, as the notification to take back
 * may have gone from any of them.
 */
import { subscribe } from "../chats/event_bus.ts";
import type { Message } from "../chats/message_rows.ts";
import type { Db } from "../db/mod.ts";
import { htmlToText } from "../lib/html_text.ts";
import type { Logger } from "../lib/log.ts";
import { mentions } from "../lib/mentions.ts";
import { chatTag, type PushSender } from "./sender.ts";
import { counted } from "../lib/client/plural.ts";
import { isLang, type Lang, LANGS, messagesWithPrefix, translator } from "../i18n/mod.ts";
import { devicesOf } from "./subscriptions.ts";

/** How long messages are gathered before they are told, so that a burst makes one notice. */
const GATHER_MS = 300;
/** Chats with a notice not yet read, and ticket answers told, remembered at most (then the oldest go). */
const MAX_NOTIFIED = 100_000;
/** The longest text a notice carries. */
const TEXT_CHARS = 200;

/** Messages waiting to be told, by chat: the members to tell and the messages, oldest first. */
type Gathered = Map<number, { userIds: Set<number>; messages: Message[] }>;

export function startNotifying(
  options: { db: Db; log: Logger; sender: PushSender },
): () => void {
  const { db, log, sender } = options;
  let gathered: Gathered = new Map();
  const tickets = new Set<number>();
  /** `${userId}:${chatId}` of the notifications shown and not yet read. */
  const notified = new Set<string>();
  /** The ticket answers told of: a later change of the ticket (its status) tells nothing new. */
  const toldAnswers = new Set<number>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = async () => {
    timer = undefined;
    const messages = gathered;
    gathered = new Map();
    const answered = [...tickets];
    tickets.clear();
    try {
      for (const told of await messageNotices(db, messages)) {
        sender.send(told.devices, told.notice);
        remember(notified, `${told.userId}:${told.notice.chatId}`);
      }
      for (const told of await ticketNotices(db, answered)) {
        if (toldAnswers.has(told.answerId)) continue;
        remember(toldAnswers, told.answerId);
        sender.send(told.devices, told.notice);
      }
    } catch (error) {
      log.warn("Notifications not sent", { error });
    }
  };
  const soon = () => timer ??= setTimeout(() => void flush(), GATHER_MS);

  const unsubscribe = subscribe(db, (deliveries, here) => {
    for (const { event, userIds } of deliveries) {
      if (event.event === "message.new" && here && event.data.contentType !== "system") {
        const chat = gathered.get(event.data.chatId) ??
          { userIds: new Set<number>(), messages: [] };
        for (const userId of userIds) if (userId !== event.data.senderId) chat.userIds.add(userId);
        chat.messages.push(event.data);
        gathered.set(event.data.chatId, chat);
        soon();
      } else if (event.event === "ticket.updated" && here) {
        tickets.add(event.data.ticketId);
        soon();
      } else if (event.event === "chat.read") {
        const key = `${event.data.userId}:${event.data.chatId}`;
        if (!notified.delete(key)) continue;
        devicesOf(db, [event.data.userId])
          .then((devices) => {
            const { chatId } = event.data;
            sender.send(devices, { kind: "read", chatId, tag: chatTag(chatId) });
          })
          .catch((error) => log.warn("A read notification not taken back", { error }));
      }
    }
  });
  return () => {
    unsubscribe();
    clearTimeout(timer);
  };
}

/** The reader's language: the one they chose for Parley's pages. */
const langOf = (lang: string): Lang => isLang(lang) ? lang : LANGS[0];
const translate = (lang: string) => translator(langOf(lang));

/** "3 new messages", by the plural rules of `lang`. */
function newMessages(lang: string, count: number): string {
  const forms = messagesWithPrefix(langOf(lang), "push.newMessages.");
  return counted(forms, "push.newMessages", count, lang);
}

/** Adds `key` to `set`, letting the oldest go beyond `MAX_NOTIFIED`; a key added again is newest. */
function remember<T>(set: Set<T>, key: T): void {
  set.delete(key);
  set.add(key);
  if (set.size > MAX_NOTIFIED) set.delete(set.values().next().value!);
}

/** What a message's words look like in a notice: its text on one line, or its files. */
function preview(message: Message): string {
  const text = htmlToText(message.html);
  if (text) return text.slice(0, TEXT_CHARS);
  if (message.contentType === "sticker") return "🙂";
  const file = message.attachments[0];
  if (!file) return "";
  return file.kind === "image" ? "📷" : file.kind === "video" ? "🎬" : `📎 ${file.name}`;
}

/** The notices of gathered messages: one per member and chat, to their devices. */
async function messageNotices(db: Db, gathered: Gathered) {
  const chats: number[] = [];
  const users: number[] = [];
  for (const [chatId, { userIds }] of gathered) {
    for (const userId of userIds) {
      chats.push(chatId);
      users.push(userId);
    }
  }
  if (chats.length === 0) return [];
  const rows = await db.query<{
    chat_id: number;
    user_id: number;
    username: string;
    muted: boolean;
    shows_text: boolean;
    group_title: string | null;
    lang: Lang;
  }>(
    `select m.chat_id, m.user_id, u.username, m.muted, u.push_shows_text as shows_text, u.lang,
       case when c.kind = 'group' then c.title end as group_title
     from unnest($1::bigint[], $2::bigint[]) as w (chat_id, user_id)
     join chat_members m on m.chat_id = w.chat_id and m.user_id = w.user_id
     join users u on u.id = m.user_id
     join chats c on c.id = m.chat_id
     where coalesce(u.online_until <= now(), true)
       and exists (select 1 from push_subscriptions p where p.user_id = m.user_id)`,
    [chats, users],
  );
  const devices = Map.groupBy(await devicesOf(db, rows.map((r) => r.user_id)), (d) => d.userId);
  return rows.flatMap((row) => {
    const { messages } = gathered.get(row.chat_id)!;
    const mention = messages.some((m) => mentions(m.content, row.username));
    const mine = devices.get(row.user_id);
    if ((row.muted && !mention) || !mine) return [];
    const last = messages.at(-1)!;
    const sender = last.senderName ?? translate(row.lang)("im.deletedUser");
    const count = messages.length;
    const many = newMessages(row.lang, count);
    const text = preview(last);
    const body = !row.shows_text || !text
      ? many
      : `${row.group_title === null ? "" : `${sender}: `}${text}`;
    return [{
      userId: row.user_id,
      devices: mine,
      notice: {
        kind: "message" as const,
        chatId: row.chat_id,
        tag: chatTag(row.chat_id),
        url: `/im/${row.chat_id}`,
        title: count > 1 && row.shows_text && text
          ? `${row.group_title ?? sender} (${count})`
          : row.group_title ?? sender,
        body,
        count,
        mention,
      },
    }];
  });
}

/** The notices of tickets whose latest message is a staff answer, to their askers' devices. */
async function ticketNotices(db: Db, ticketIds: number[]) {
  if (ticketIds.length === 0) return [];
  const rows = await db.query<{
    id: number;
    user_id: number;
    subject: string;
    answer_id: number;
    body: string;
    shows_text: boolean;
    lang: Lang;
  }>(
    `select t.id, t.user_id, t.subject, last.id as answer_id, last.body,
       u.push_shows_text as shows_text, u.lang
     from tickets t join users u on u.id = t.user_id
     cross join lateral (
       select id, body, from_staff from ticket_messages
       where ticket_id = t.id and not internal order by id desc limit 1
     ) last
     where t.id = any($1::bigint[]) and last.from_staff
       and coalesce(u.online_until <= now(), true)`,
    [ticketIds],
  );
  const devices = Map.groupBy(await devicesOf(db, rows.map((r) => r.user_id)), (d) => d.userId);
  return rows.flatMap((row) => {
    const mine = devices.get(row.user_id);
    if (!mine) return [];
    return [{
      answerId: row.answer_id,
      devices: mine,
      notice: {
        kind: "ticket" as const,
        ticketId: row.id,
        tag: `ticket-${row.id}`,
        url: `/help/tickets/${row.id}`,
        title: translate(row.lang)("push.ticketAnswer", { subject: row.subject }),
        body: row.shows_text
          ? row.body.slice(0, TEXT_CHARS)
          : translate(row.lang)("push.ticketAnswered"),
      },
    }];
  });
}
