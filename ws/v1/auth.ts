/**
 * The original protocol's account methods, with its field names and answers: `checkToken`,
 * `auth`, `register` and `logout`. An account with two-factor sign-in also needs `code` in
 * `auth`, a field old clients never send: they get "401" and the reason.
 */
import * as v from "valibot";
import { text } from "../text.ts";
import { AccountError } from "../../accounts/errors.ts";
import { register, signIn, signInWithCode, signOut } from "../../accounts/signin.ts";
import { HttpError } from "../../framework/http_error.ts";
import { defineMethod } from "../method.ts";

export const checkToken = defineMethod({
  params: v.looseObject({ token: text(4096) }),
  auth: false,
  run: async ({ token }, { services, conn }) => {
    const session = await services.accounts.sessions.verify(token, conn.ip);
    if (!session) throw new HttpError(401, "The token is invalid or expired");
    return {};
  },
});

export const auth = defineMethod({
  params: v.looseObject({
    username: text(254),
    password: text(1024),
    code: v.optional(text(32)),
  }),
  auth: false,
  run: async ({ username, password, code }, { services, conn }) => {
    const origin = services.config.publicUrl?.origin ?? conn.origin;
    const result = await signIn(services.accounts, { login: username, password, origin }, conn);
    if (result.kind === "signedIn") return { token: result.session.token };
    if (result.kind === "mailed") {
      throw new HttpError(401, "This account is being guessed at: finish with the link e-mailed");
    }
    if (!code) throw new AccountError(401, "totp.required");
    const session = await signInWithCode(services.accounts, { ticket: result.ticket, code }, conn);
    return { token: session.token };
  },
});

export const registerV1 = defineMethod({
  params: v.looseObject({ username: text(64), password: text(1024), email: text(254) }),
  auth: false,
  run: async ({ username, password, email }, { services, conn }) => {
    const session = await register(services.accounts, {
      username,
      password,
      email,
      lang: "ru",
      origin: services.config.publicUrl?.origin ?? conn.origin,
    }, conn);
    return { token: session.token };
  },
});

export const logout = defineMethod({
  params: v.looseObject({ token: text(4096) }),
  auth: false,
  run: async ({ token }, { services, conn }) => {
    const session = await services.accounts.sessions.verify(token, conn.ip);
    if (!session) throw new HttpError(401, "The token is invalid or expired");
    await signOut(services.accounts, session.userId, session.tokenId);
    return {};
  },
});
