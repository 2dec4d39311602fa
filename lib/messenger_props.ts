/** What the messenger island starts with, read on the server so the page shows it at once. */
import { type CurrentUser, shownName } from "../accounts/users.ts";
import { listChats } from "../chats/list.ts";
import { history } from "../chats/messages.ts";
import { pinsOf } from "../chats/pins.ts";
import type { Db } from "../db/mod.ts";
import type { Translate } from "../i18n/mod.ts";
import { type ChatItem, type OpenChat, toChatItem } from "./client/chat_items.ts";
import { type MessageItem, toMessageItem } from "./client/message_items.ts";
import type { ClockSettings } from "./client/time.ts";

/** How many messages an opened chat shows before scrolling back. */
export const FIRST_PAGE = 50;
/** Messages shown each side of one a chat is opened at. */
const AROUND = 25;

const LABELS = [
  "connecting",
  "offline",
  "empty",
  "noMessages",
  "back",
  "deletedUser",
  "placeholder",
  "placeholderTouch",
  "send",
  "tick.pending",
  "tick.sent",
  "tick.read",
  "addContact",
  "searchPlaceholder",
  "message",
  "typing",
  "menu",
  "mute",
  "unmute",
  "muted",
  "deleteChat",
  "deleteConfirm",
  "deleteForMe",
  "deleteForBoth",
  "block",
  "cancel",
  "reply",
  "replyingTo",
  "edit",
  "editing",
  "edited",
  "delete",
  "online",
  "lastSeen",
  "newGroup",
  "groupTitle",
  "groupDescription",
  "pickMembers",
  "addByUsername",
  "create",
  "members.one",
  "members.few",
  "members.many",
  "members.other",
  "role.owner",
  "role.admin",
  "groupInfo",
  "addMembers",
  "add",
  "remove",
  "makeAdmin",
  "dropAdmin",
  "makeOwner",
  "leave",
  "deleteGroup",
  "deleteGroupConfirm",
  "inviteLinks",
  "createLink",
  "revoke",
  "linkUses",
  "linkRevoked",
  "linkExpired",
  "linkUntil",
  "linkLifetime",
  "linkForever",
  "linkHour",
  "linkDay",
  "linkWeek",
  "linkMaxUses",
  "save",
  "left",
  "leftMark",
  "invitations",
  "invitedBy",
  "accept",
  "decline",
  "invitedNote",
  "system.created",
  "system.added",
  "system.removed",
  "system.left",
  "system.joined.link",
  "system.joined.invitation",
  "system.renamed",
  "system.picture",
  "system.role.admin",
  "system.role.member",
  "system.owner",
  "system.and",
  "typingOne",
  "typingTwo",
  "typingMany",
  "readBy",
  "readByNobody",
  "readByCount",
  "picture",
  "openGroup",
  "choose",
  "close",
  "deleteMessage",
  "deleteMessageConfirm",
  "resend",
  "confirmFirst",
  "contacts",
  "filterContacts",
  "noContacts",
  "blocked",
  "blockShort",
  "unblock",
  "attach",
  "attachments",
  "uploading",
  "uploadFailed",
  "retry",
  "download",
  "previous",
  "next",
  "preview.photo",
  "preview.video",
  "preview.audio",
  "preview.file",
  "preview.sticker",
  "stickers",
  "addToContacts",
  "contactAdded",
  "report",
  "reportTitle",
  "reportLead",
  "reportNote",
  "reportSend",
  "reported",
  "reportReason.spam",
  "reportReason.abuse",
  "reportReason.illegal",
  "reportReason.other",
  "react",
  "reactOther",
  "pin",
  "unpin",
  "pinned",
  "pinnedCount",
  "forward",
  "forwardTitle",
  "forwardFilter",
  "forwarded",
  "forwardedFrom",
  "searchMessages",
  "searchInChat",
  "searchFilters",
  "searchChat",
  "searchAllChats",
  "searchFrom",
  "searchWithFiles",
  "searchSince",
  "searchUntil",
  "searchClear",
  "searchNothing",
  "searchSimilar",
  "searchMore",
  "toLatest",
] as const;

/**
 * The island's props for `user`, with the chat `openId` open when given: at its latest messages,
 * or around message `at` (a search result) with the messages before and after it.
 */
export async function messengerProps(
  db: Db,
  user: CurrentUser,
  t: Translate,
  clock: ClockSettings,
  csrf: string,
  openId?: number,
  at?: number,
) {
  const chats: ChatItem[] = (await listChats(db, user.id))
    .map((chat) => toChatItem(chat, t("im.deletedUser")));
  let open: OpenChat | undefined;
  if (openId !== undefined) {
    // `history` answers 423 to a user who is not a member.
    const older = await history(db, user.id, openId, {
      limit: at ? AROUND : FIRST_PAGE,
      ...(at ? { before: at + 1 } : {}),
    });
    const newer = at ? await history(db, user.id, openId, { after: at, limit: AROUND }) : [];
    const messages: MessageItem[] = [...older, ...newer].map(toMessageItem);
    // The other member of a personal chat, and how far all the others have read.
    const [others] = await db.query<{ others_read: number; other_id: number | null }>(
      `select coalesce(min(m.last_read_message_id), 0) as others_read,
         max(m.user_id) filter (where c.kind = 'personal') as other_id
       from chat_members m join chats c on c.id = m.chat_id
       where m.chat_id = $1 and m.user_id <> $2`,
      [openId, user.id],
    );
    const chat = chats.find((c) => c.id === openId);
    open = {
      id: openId,
      title: chat?.title ?? "",
      group: chat?.kind === "group",
      otherId: others.other_id ?? undefined,
      messages,
      // Opened around a message: what came after the last one loaded is read on scrolling down.
      newerMissing: newer.length === AROUND,
      at: at && older.at(-1)?.id === at ? at : undefined,
      othersRead: others.others_read,
      pins: (await pinsOf(db, openId)).map((pin) => ({
        ...pin,
        pinnedAt: pin.pinnedAt.toISOString(),
      })),
    };
  }
  const labels = Object.fromEntries(LABELS.map((key) => [key, t(`im.${key}`)]));
  return {
    me: {
      id: user.id,
      name: shownName(user),
      username: user.username,
      emailConfirmed: user.emailConfirmed,
    },
    chats,
    open,
    labels,
    csrf,
    title: `${t("im.title")} — ${t("app.name")}`,
    clock,
  };
}
