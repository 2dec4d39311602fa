/**
 * Parley's WebSocket protocol (v2), shared by the server and the islands: the frames, every
 * method's parameters and result, and every event the server pushes. The server's method table is
 * checked against `Methods` (`ws/methods/mod.ts`) and the browser's socket client takes its types
 * from here. docs/protocol.md describes the protocol; the original one (v1) lives in `ws/v1/`.
 */
import type { CurrentUser } from "../accounts/users.ts";
import type { TwoFactorSetup } from "../accounts/two_factor.ts";
import type { SessionRow } from "../accounts/sessions.ts";
import type { Person } from "../chats/contacts.ts";
import type { ChatEvent, GroupFacts } from "../chats/events.ts";
import type { GroupInfo } from "../chats/groups.ts";
import type { Admitted } from "../chats/group_members.ts";
import type { Invitation } from "../chats/invitations.ts";
import type { InviteLink, LinkPreview } from "../chats/invite_links.ts";
import type { ChatSummary } from "../chats/list.ts";
import type { ContentType, Message, Reaction } from "../chats/message_rows.ts";
import type { Pin } from "../chats/pins.ts";
import type { SearchCursor, SearchPage } from "../chats/search.ts";
import type { PushSubscriptionJson } from "../push/subscriptions.ts";
import type { Presence } from "../chats/presence.ts";
import type { ReadBy } from "../chats/reads.ts";
import type { Ticket, TicketMessage } from "../support/tickets.ts";
import type { ReportReason } from "../admin/report_reasons.ts";

/** The subprotocol a v2 client may ask for; the server also recognises frames without it. */
export const PROTOCOL_V2 = "parley.v2";

/** The id a client gives a request, echoed in its answer; null when the request had none. */
export type RequestId = string | number | null;

/** A request from a client. */
export interface RequestFrame {
  id?: string | number;
  method: string;
  params?: Record<string, unknown>;
  /** A session token, for clients that do not send the session cookie. */
  token?: string;
}

/** One problem with a request's fields. */
export interface Issue {
  path: string;
  message: string;
}

/** The answer to a request that succeeded. */
export interface ResultFrame<Result = unknown> {
  id: RequestId;
  status: 200;
  result: Result;
}

/** The answer to a request that failed; `ref` points to the server's log line for a 500. */
export interface ErrorFrame {
  id: RequestId;
  status: number;
  /** `retryAfter`: seconds until a refused request (429) may be made again. */
  error: { message: string; issues?: Issue[]; ref?: string; retryAfter?: number };
}

/** A value as it travels in JSON: dates become ISO strings. */
export type Wire<T> = T extends Date ? string
  : T extends readonly (infer Item)[] ? Wire<Item>[]
  : T extends object ? { [K in keyof T]: Wire<T[K]> }
  : T;

/** Who to open a chat with, add as a contact, or block. */
export type PersonRef = { userId: number } | { username: string };

/** The answer to a sign-in or registration. */
export interface SignedInResult {
  token: string;
  expiresAt: string;
  user: CurrentUser | undefined;
}

type Empty = Record<never, never>;

/** People to add to a group, by id and by username. */
export interface People {
  userIds?: number[];
  usernames?: string[];
}

/** Every v2 method: what it takes and what it answers, as the server produces it. */
export interface Methods {
  "ping": { params: Empty; result: { pong: boolean; time: string } };
  "auth.register": {
    params: { username: string; email: string; password: string; lang?: "en" | "ru" };
    result: SignedInResult;
  };
  "auth.login": {
    params: { login: string; password: string };
    /**
     * `mailed`: the password was right, but the account is being guessed at; the sign-in is
     * finished with the link mailed to its owner.
     */
    result: SignedInResult | { secondFactor: true; ticket: string } | { mailed: true };
  };
  "auth.loginCode": { params: { ticket: string; code: string }; result: SignedInResult };
  "auth.logout": { params: Empty; result: Empty };
  "account.me": { params: Empty; result: { user: CurrentUser } };
  "sessions.list": {
    params: Empty;
    result: { sessions: (SessionRow & { current: boolean })[] };
  };
  "sessions.revoke": { params: { id: number }; result: Empty };
  "sessions.revokeOthers": { params: Empty; result: { revoked: number } };
  "twoFactor.begin": { params: Empty; result: TwoFactorSetup };
  "twoFactor.enable": { params: { code: string }; result: { recoveryCodes: string[] } };
  "twoFactor.disable": { params: { password: string; code: string }; result: Empty };
  "chats.list": { params: Empty; result: { chats: ChatSummary[] } };
  "chats.openPersonal": { params: PersonRef; result: { chatId: number } };
  "chats.delete": { params: { chatId: number; forBoth?: boolean }; result: Empty };
  "chats.mute": { params: { chatId: number; muted: boolean }; result: Empty };
  "chats.typing": { params: { chatId: number }; result: { sent: boolean } };
  "messages.send": {
    params: {
      chatId: number;
      content: string;
      contentType?: ContentType;
      clientId: string;
      replyTo?: number;
    };
    result: { message: Message };
  };
  "messages.history": {
    params: { chatId: number; before?: number; after?: number; limit?: number };
    result: { messages: Message[] };
  };
  "messages.read": { params: { chatId: number; messageId: number }; result: { lastRead: number } };
  "messages.readBy": { params: { messageId: number }; result: { readBy: ReadBy } };
  "messages.edit": { params: { messageId: number; content: string }; result: { message: Message } };
  "messages.delete": { params: { messageId: number }; result: Empty };
  "contacts.search": { params: { query: string }; result: { people: Person[] } };
  "contacts.list": { params: Empty; result: { contacts: Person[] } };
  "contacts.add": { params: PersonRef; result: { contact: Person } };
  "contacts.remove": { params: { userId: number }; result: Empty };
  "blocks.add": { params: PersonRef; result: Empty };
  "blocks.remove": { params: { userId: number }; result: Empty };
  "blocks.list": { params: Empty; result: { blocked: Person[] } };
  "users.presence": { params: { userIds: number[] }; result: { presence: Presence[] } };
  "groups.create": {
    params: People & { title: string; description?: string };
    result: Admitted & { chatId: number };
  };
  "groups.info": { params: { chatId: number }; result: { group: GroupInfo } };
  "groups.update": {
    params: { chatId: number; title?: string; description?: string };
    result: { group: GroupFacts };
  };
  "groups.addMembers": { params: People & { chatId: number }; result: Admitted };
  "groups.removeMember": { params: { chatId: number; userId: number }; result: Empty };
  "groups.leave": { params: { chatId: number }; result: Empty };
  "groups.setRole": {
    params: { chatId: number; userId: number; role: "admin" | "member" };
    result: Empty;
  };
  "groups.transferOwnership": { params: { chatId: number; userId: number }; result: Empty };
  "groups.delete": { params: { chatId: number }; result: Empty };
  "groups.createLink": {
    params: { chatId: number; expiresInSeconds?: number; maxUses?: number };
    result: { link: InviteLink };
  };
  "groups.links": { params: { chatId: number }; result: { links: InviteLink[] } };
  "groups.revokeLink": { params: { chatId: number; linkId: number }; result: Empty };
  "groups.previewLink": { params: { code: string }; result: { preview: LinkPreview } };
  "groups.joinByLink": { params: { code: string }; result: { chatId: number } };
  "groups.invitations": { params: Empty; result: { invitations: Invitation[] } };
  "groups.acceptInvitation": { params: { chatId: number }; result: Empty };
  "groups.declineInvitation": { params: { chatId: number }; result: Empty };
  "messages.report": {
    params: { messageId: number; reason: ReportReason; note?: string };
    result: Empty;
  };
  "reactions.toggle": {
    params: { messageId: number; emoji: string };
    result: { reactions: Reaction[] };
  };
  "messages.pin": { params: { messageId: number; pinned: boolean }; result: { pins: Pin[] } };
  "chats.pins": { params: { chatId: number }; result: { pins: Pin[] } };
  "messages.forward": {
    params: { messageId: number; chatId: number; clientId: string };
    result: { message: Message };
  };
  "messages.search": {
    params: {
      query: string;
      chatId?: number;
      /** The sender's username. */
      from?: string;
      hasFiles?: boolean;
      since?: string;
      until?: string;
      after?: SearchCursor;
      limit?: number;
    };
    result: SearchPage;
  };
  "push.subscribe": { params: PushSubscriptionJson; result: Empty };
  "push.unsubscribe": { params: Empty; result: Empty };
  "tickets.thread": {
    params: { ticketId: number; after?: number };
    result: { ticket: Pick<Ticket, "id" | "status" | "subject">; messages: TicketMessage[] };
  };
  "tickets.answer": {
    params: { ticketId: number; body: string; attachments?: string[] };
    result: Empty;
  };
}

/** The name of a v2 method. */
export type MethodName = keyof Methods;

/** What `method` takes. */
export type Params<M extends MethodName> = Methods[M]["params"];

/** What `method` answers, as the server produces it. */
export type Result<M extends MethodName> = Methods[M]["result"];

/** Every event the server pushes, as produced: chat events and the end of the connection's session. */
export type PushEvent = ChatEvent | { event: "session.ended"; data: Empty };

/** The name of a pushed event. */
export type PushEventName = PushEvent["event"];

/** A pushed frame as a client receives it. It has no id and no status. */
export type PushFrame = Wire<PushEvent>;

/** Anything the server sends on a v2 connection. */
export type ServerFrame = ResultFrame | ErrorFrame | PushFrame;
