/** POST /login: the password step, then (with 2FA on) the code step. */
import { AccountError } from "../accounts/errors.ts";
import { type SignedIn, signIn, signInWithCode } from "../accounts/signin.ts";
import type { Handlers } from "../framework/server.ts";
import {
  clientOf,
  field,
  originOf,
  readForm,
  refused,
  returnPath,
  seeOther,
  toMessenger,
} from "../lib/forms.ts";
import type { State } from "../lib/state.ts";
import LoginPage, { type LoginData } from "../components/LoginPage.tsx";

export const handler: Handlers<LoginData, State> = {
  GET(_req, ctx) {
    return seeOther(ctx.state.user ? "/im" : "/");
  },
  async POST(req, ctx) {
    const { accounts } = ctx.state.services;
    let login = "";
    let ticket = "";
    let next: string | undefined;
    try {
      const form = await readForm(req, ctx);
      next = returnPath(field(form, "next"));
      login = field(form, "login");
      ticket = field(form, "ticket");
      let session: SignedIn;
      if (ticket) {
        session = await signInWithCode(
          accounts,
          { ticket, code: field(form, "code") },
          clientOf(req, ctx),
        );
      } else {
        const result = await signIn(
          accounts,
          { login, password: field(form, "password"), origin: originOf(req, ctx) },
          clientOf(req, ctx),
        );
        if (result.kind === "secondFactor") return ctx.render({ ticket: result.ticket, next });
        if (result.kind === "mailed") return ctx.render({ mailed: true });
        session = result.session;
      }
      return toMessenger(req, ctx, session, next);
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      // A wrong code keeps the ticket; an expired ticket starts over.
      const keepTicket = ticket && error.code !== "login.ticket" ? ticket : undefined;
      return ctx.render({ login, error, ticket: keepTicket, next }, refused(error));
    }
  },
};

export default LoginPage;
