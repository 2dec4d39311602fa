/** The signed-in user's sessions and two-factor settings, over the socket. */
import * as v from "valibot";
import { text } from "../text.ts";
import { AccountError } from "../../accounts/errors.ts";
import { beginTwoFactor, disableTwoFactor, enableTwoFactor } from "../../accounts/two_factor.ts";
import { defineMethod } from "../method.ts";

export const sessionsList = defineMethod({
  params: v.object({}),
  auth: true,
  run: async (_params, { services, session }) => {
    const sessions = await services.accounts.sessions.list(session.userId);
    return {
      sessions: sessions.map((row) => ({ ...row, current: row.id === session.tokenId })),
    };
  },
});

export const sessionsRevoke = defineMethod({
  params: v.object({ id: v.pipe(v.number(), v.integer(), v.minValue(1)) }),
  auth: true,
  run: async ({ id }, { services, session }) => {
    if (!await services.accounts.sessions.revoke(session.userId, id)) {
      throw new AccountError(404, "session.unknown");
    }
    return {};
  },
});

export const sessionsRevokeOthers = defineMethod({
  params: v.object({}),
  auth: true,
  run: async (_params, { services, session }) => ({
    revoked: await services.accounts.sessions.revokeAll(session.userId, session.tokenId),
  }),
});

export const twoFactorBegin = defineMethod({
  params: v.object({}),
  auth: true,
  run: (_params, { services, session }) => beginTwoFactor(services.accounts, session.userId),
});

export const twoFactorEnable = defineMethod({
  params: v.object({ code: text(32) }),
  auth: true,
  run: async ({ code }, { services, session }) => ({
    recoveryCodes: await enableTwoFactor(services.accounts, session.userId, code),
  }),
});

export const twoFactorDisable = defineMethod({
  params: v.object({
    password: text(1024),
    code: text(32),
  }),
  auth: true,
  run: async (params, { services, session }) => {
    await disableTwoFactor(services.accounts, session.userId, params);
    return {};
  },
});
