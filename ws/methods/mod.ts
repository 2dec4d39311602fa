/** The v2 method table: every method a Parley client can call. */
import type { V2MethodTable } from "../method.ts";
import { accountMe, authLogin, authLoginCode, authLogout, authRegister } from "./auth.ts";
import {
  chatsDelete,
  chatsList,
  chatsMute,
  chatsOpenPersonal,
  chatsTyping,
  messagesDelete,
  messagesEdit,
  messagesHistory,
  messagesRead,
  messagesSend,
} from "./chats.ts";
import {
  blocksAdd,
  blocksList,
  blocksRemove,
  contactsAdd,
  contactsList,
  contactsRemove,
  contactsSearch,
  usersPresence,
} from "./contacts.ts";
import { ping } from "./ping.ts";
import {
  sessionsList,
  sessionsRevoke,
  sessionsRevokeOthers,
  twoFactorBegin,
  twoFactorDisable,
  twoFactorEnable,
} from "./sessions.ts";

export const methods = {
  ping,
  "auth.register": authRegister,
  "auth.login": authLogin,
  "auth.loginCode": authLoginCode,
  "auth.logout": authLogout,
  "account.me": accountMe,
  "sessions.list": sessionsList,
  "sessions.revoke": sessionsRevoke,
  "sessions.revokeOthers": sessionsRevokeOthers,
  "twoFactor.begin": twoFactorBegin,
  "twoFactor.enable": twoFactorEnable,
  "twoFactor.disable": twoFactorDisable,
  "chats.list": chatsList,
  "chats.openPersonal": chatsOpenPersonal,
  "messages.send": messagesSend,
  "messages.history": messagesHistory,
  "messages.read": messagesRead,
  "messages.edit": messagesEdit,
  "messages.delete": messagesDelete,
  "chats.delete": chatsDelete,
  "chats.mute": chatsMute,
  "chats.typing": chatsTyping,
  "contacts.search": contactsSearch,
  "contacts.list": contactsList,
  "contacts.add": contactsAdd,
  "contacts.remove": contactsRemove,
  "blocks.add": blocksAdd,
  "blocks.remove": blocksRemove,
  "blocks.list": blocksList,
  "users.presence": usersPresence,
} satisfies V2MethodTable;
