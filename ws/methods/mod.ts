/** The v2 method table: every method a Parley client can call. */
import type { MethodTable } from "../method.ts";
import { accountMe, authLogin, authLoginCode, authLogout, authRegister } from "./auth.ts";
import {
  chatsList,
  chatsOpenPersonal,
  messagesHistory,
  messagesRead,
  messagesSend,
} from "./chats.ts";
import { ping } from "./ping.ts";
import {
  sessionsList,
  sessionsRevoke,
  sessionsRevokeOthers,
  twoFactorBegin,
  twoFactorDisable,
  twoFactorEnable,
} from "./sessions.ts";

export const methods: MethodTable = {
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
};
