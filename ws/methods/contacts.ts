/** Contacts and blocks over the socket (v2). */
import * as v from "valibot";
import { text } from "../text.ts";
import {
  addContact,
  block,
  listBlocked,
  listContacts,
  removeContact,
  searchPeople,
  unblock,
} from "../../chats/contacts.ts";
import { presenceOf, renewOnline } from "../../chats/presence.ts";
import { defineMethod } from "../method.ts";

const id = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER));
const target = v.union([
  v.object({ userId: id }),
  v.object({ username: text(64, 1) }),
]);

export const contactsSearch = defineMethod({
  params: v.object({ query: text(254) }),
  auth: true,
  run: async ({ query }, { services, session }) => ({
    people: await searchPeople(services.db, session.userId, query),
  }),
});

export const contactsList = defineMethod({
  params: v.object({}),
  auth: true,
  run: async (_params, { services, session }) => ({
    contacts: await listContacts(services.db, session.userId),
  }),
});

export const contactsAdd = defineMethod({
  params: target,
  auth: true,
  run: async (params, { services, session }) => ({
    contact: await addContact(services.db, session.userId, params),
  }),
});

export const contactsRemove = defineMethod({
  params: v.object({ userId: id }),
  auth: true,
  run: async ({ userId }, { services, session }) => {
    await removeContact(services.db, session.userId, userId);
    return {};
  },
});

export const blocksAdd = defineMethod({
  params: target,
  auth: true,
  run: async (params, { services, session }) => {
    await block(services.db, session.userId, params);
    return {};
  },
});

export const blocksRemove = defineMethod({
  params: v.object({ userId: id }),
  auth: true,
  run: async ({ userId }, { services, session }) => {
    await unblock(services.db, session.userId, userId);
    return {};
  },
});

export const blocksList = defineMethod({
  params: v.object({}),
  auth: true,
  run: async (_params, { services, session }) => ({
    blocked: await listBlocked(services.db, session.userId),
  }),
});

export const usersPresence = defineMethod({
  params: v.object({ userIds: v.pipe(v.array(id), v.maxLength(100)) }),
  auth: true,
  run: async ({ userIds }, { services, session }) => {
    // Asking is a sign of life: the asker is online now, not only at the next renewal.
    await renewOnline(services.db, [session.userId]);
    return { presence: await presenceOf(services.db, session.userId, userIds) };
  },
});
