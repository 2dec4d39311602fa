/** The original protocol's methods (docs/protocol.md, "The original protocol"), by `mode`. */
import * as v from "valibot";
import { defineMethod, type MethodTable } from "../method.ts";
import { auth, checkToken, logout, registerV1 } from "./auth.ts";
import { createChat, getChats, getMessages, sendMessageV1 } from "./chats.ts";

/** `checkConnection`: answers "200" with no fields. */
const checkConnection = defineMethod({
  params: v.looseObject({}),
  auth: false,
  timeoutMs: 1_000,
  run: () => ({}),
});

export const v1Methods: MethodTable = {
  checkConnection,
  checkToken,
  auth,
  register: registerV1,
  logout,
  createChat,
  getChats,
  getMessages,
  sendMessage: sendMessageV1,
};
