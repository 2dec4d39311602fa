/** Groups over the socket (v2): making them, their members and roles, invitations and links. */
import * as v from "valibot";
import { text } from "../text.ts";
import {
  createGroup,
  deleteGroup,
  DESCRIPTION_MAX_CHARS,
  groupInfo,
  idsOfUsernames,
  TITLE_MAX_CHARS,
  updateGroup,
} from "../../chats/groups.ts";
import {
  addMembers,
  leaveGroup,
  removeMember,
  setRole,
  transferOwnership,
} from "../../chats/group_members.ts";
import { acceptInvitation, declineInvitation, listInvitations } from "../../chats/invitations.ts";
import {
  createLink,
  joinByLink,
  listLinks,
  previewLink,
  revokeLink,
} from "../../chats/invite_links.ts";
import { defineMethod, type MethodServices } from "../method.ts";

const id = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER));
/** Whom to add: by id and by username, together at most as many as a group can hold. */
const people = {
  userIds: v.optional(v.pipe(v.array(id), v.maxLength(100_000)), []),
  usernames: v.optional(v.pipe(v.array(text(64, 1)), v.maxLength(100_000)), []),
};
const code = v.pipe(v.string(), v.regex(/^[0-9a-f]{8,64}$/, "not an invite code"));

function settingsOf({ config }: MethodServices) {
  return {
    maxMembers: config.groupMaxMembers,
    requireEmailConfirmation: config.requireEmailConfirmation,
  };
}

async function idsOf(services: MethodServices, who: { userIds: number[]; usernames: string[] }) {
  return [...who.userIds, ...await idsOfUsernames(services.db, who.usernames)];
}

export const groupsCreate = defineMethod({
  params: v.object({
    // The characters are counted by the domain; this bounds the text a stranger can send.
    title: text(TITLE_MAX_CHARS * 4),
    description: v.optional(text(DESCRIPTION_MAX_CHARS * 4)),
    ...people,
  }),
  auth: true,
  run: async ({ title, description, ...who }, { services, session }) =>
    await createGroup(services.db, settingsOf(services), session.userId, {
      title,
      description,
      memberIds: await idsOf(services, who),
    }),
});

export const groupsInfo = defineMethod({
  params: v.object({ chatId: id }),
  auth: true,
  run: async ({ chatId }, { services, session }) => ({
    group: await groupInfo(services.db, session.userId, chatId),
  }),
});

export const groupsUpdate = defineMethod({
  params: v.object({
    chatId: id,
    title: v.optional(text(TITLE_MAX_CHARS * 4)),
    description: v.optional(text(DESCRIPTION_MAX_CHARS * 4)),
  }),
  auth: true,
  run: async ({ chatId, ...change }, { services, session }) => ({
    group: await updateGroup(services.db, session.userId, chatId, change),
  }),
});

export const groupsAddMembers = defineMethod({
  params: v.object({ chatId: id, ...people }),
  auth: true,
  run: async ({ chatId, ...who }, { services, session }) =>
    await addMembers(
      services.db,
      settingsOf(services),
      session.userId,
      chatId,
      await idsOf(services, who),
    ),
});

export const groupsRemoveMember = defineMethod({
  params: v.object({ chatId: id, userId: id }),
  auth: true,
  run: async ({ chatId, userId }, { services, session }) => {
    await removeMember(services.db, session.userId, chatId, userId);
    return {};
  },
});

export const groupsLeave = defineMethod({
  params: v.object({ chatId: id }),
  auth: true,
  run: async ({ chatId }, { services, session }) => {
    await leaveGroup(services.db, session.userId, chatId);
    return {};
  },
});

export const groupsSetRole = defineMethod({
  params: v.object({ chatId: id, userId: id, role: v.picklist(["admin", "member"]) }),
  auth: true,
  run: async ({ chatId, userId, role }, { services, session }) => {
    await setRole(services.db, session.userId, chatId, userId, role);
    return {};
  },
});

export const groupsTransferOwnership = defineMethod({
  params: v.object({ chatId: id, userId: id }),
  auth: true,
  run: async ({ chatId, userId }, { services, session }) => {
    await transferOwnership(services.db, session.userId, chatId, userId);
    return {};
  },
});

export const groupsDelete = defineMethod({
  params: v.object({ chatId: id }),
  auth: true,
  run: async ({ chatId }, { services, session }) => {
    await deleteGroup(services.db, session.userId, chatId);
    return {};
  },
});

export const groupsCreateLink = defineMethod({
  params: v.object({
    chatId: id,
    expiresInSeconds: v.optional(
      v.pipe(v.number(), v.integer(), v.minValue(60), v.maxValue(31_536_000)),
    ),
    maxUses: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000))),
  }),
  auth: true,
  run: async ({ chatId, ...options }, { services, session }) => ({
    link: await createLink(services.db, session.userId, chatId, options),
  }),
});

export const groupsLinks = defineMethod({
  params: v.object({ chatId: id }),
  auth: true,
  run: async ({ chatId }, { services, session }) => ({
    links: await listLinks(services.db, session.userId, chatId),
  }),
});

export const groupsRevokeLink = defineMethod({
  params: v.object({ chatId: id, linkId: id }),
  auth: true,
  run: async ({ chatId, linkId }, { services, session }) => {
    await revokeLink(services.db, session.userId, chatId, linkId);
    return {};
  },
});

export const groupsPreviewLink = defineMethod({
  params: v.object({ code }),
  auth: true,
  run: async ({ code }, { services, session }) => ({
    preview: await previewLink(services.db, session.userId, code),
  }),
});

export const groupsJoinByLink = defineMethod({
  params: v.object({ code }),
  auth: true,
  run: async ({ code }, { services, session }) => ({
    chatId: await joinByLink(services.db, settingsOf(services), session.userId, code),
  }),
});

export const groupsInvitations = defineMethod({
  params: v.object({}),
  auth: true,
  run: async (_params, { services, session }) => ({
    invitations: await listInvitations(services.db, session.userId),
  }),
});

export const groupsAcceptInvitation = defineMethod({
  params: v.object({ chatId: id }),
  auth: true,
  run: async ({ chatId }, { services, session }) => {
    await acceptInvitation(services.db, settingsOf(services), session.userId, chatId);
    return {};
  },
});

export const groupsDeclineInvitation = defineMethod({
  params: v.object({ chatId: id }),
  auth: true,
  run: async ({ chatId }, { services, session }) => {
    await declineInvitation(services.db, session.userId, chatId);
    return {};
  },
});
