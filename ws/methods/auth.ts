/**
 * Signing in and out over the socket, for clients without the page's cookie. A successful
 * sign-in also signs the connection in, so later requests need not repeat the token.
 */
import * as v from "valibot";
import { text } from "../text.ts";
import { AccountError } from "../../accounts/errors.ts";
import { register, type SignedIn, signIn, signInWithCode, signOut } from "../../accounts/signin.ts";
import { loadUser } from "../../accounts/users.ts";
import { LANGS } from "../../i18n/mod.ts";
import { defineMethod, type MethodContext } from "../method.ts";

/** The answer to a sign-in: the token, when it ends, and who is signed in. */
async function signedIn(session: SignedIn, ctx: MethodContext) {
  ctx.conn.session = { userId: session.userId, tokenId: session.tokenId };
  const user = await loadUser(ctx.services.db, session.userId);
  return { token: session.token, expiresAt: session.expiresAt.toISOString(), user };
}

export const authRegister = defineMethod({
  params: v.object({
    username: text(64),
    email: text(254),
    password: text(1024),
    lang: v.optional(v.picklist(LANGS), "en"),
  }),
  auth: false,
  run: async (params, ctx) => {
    const session = await register(ctx.services.accounts, {
      ...params,
      origin: ctx.services.config.publicUrl?.origin ?? ctx.conn.origin,
    }, ctx.conn);
    return signedIn(session, ctx);
  },
});

export const authLogin = defineMethod({
  params: v.object({ login: text(254), password: text(1024) }),
  auth: false,
  run: async (params, ctx) => {
    const origin = ctx.services.config.publicUrl?.origin ?? ctx.conn.origin;
    const result = await signIn(ctx.services.accounts, { ...params, origin }, ctx.conn);
    if (result.kind === "secondFactor") {
      return { secondFactor: true as const, ticket: result.ticket };
    }
    if (result.kind === "mailed") return { mailed: true as const };
    return signedIn(result.session, ctx);
  },
});

export const authLoginCode = defineMethod({
  params: v.object({ ticket: text(2048), code: text(32) }),
  auth: false,
  run: async (params, ctx) =>
    signedIn(await signInWithCode(ctx.services.accounts, params, ctx.conn), ctx),
});

export const authLogout = defineMethod({
  params: v.object({}),
  auth: true,
  run: async (_params, ctx) => {
    const session = ctx.session;
    await signOut(ctx.services.accounts, session.userId, session.tokenId);
    if (ctx.conn.session?.tokenId === session.tokenId) ctx.conn.session = undefined;
    return {};
  },
});

export const accountMe = defineMethod({
  params: v.object({}),
  auth: true,
  run: async (_params, ctx) => {
    const user = await loadUser(ctx.services.db, ctx.session.userId);
    if (!user) throw new AccountError(401, "login.failed");
    return { user };
  },
});
