/**
 * Finishing a sign-in with the link mailed while the account was being guessed at. Opening the
 * link shows a button rather than signing in: mail scanners open links too, and must not use it.
 */
import { AccountError } from "../accounts/errors.ts";
import { signInWithLink } from "../accounts/signin.ts";
import { Head } from "../framework/runtime.ts";
import type { Handlers, PageProps } from "../framework/server.ts";
import { clientOf, field, readForm, refused, toMessenger } from "../lib/forms.ts";
import type { State } from "../lib/state.ts";
import { Csrf, errorText, FormAlert } from "../components/Form.tsx";

interface Data {
  token: string;
  /** The link was used already, or has expired. */
  invalid?: boolean;
  error?: AccountError;
}

export const handler: Handlers<Data, State> = {
  GET(req, ctx) {
    return ctx.render({ token: new URL(req.url).searchParams.get("token") ?? "" });
  },
  async POST(req, ctx) {
    let token = "";
    try {
      const form = await readForm(req, ctx);
      token = field(form, "token");
      const session = await signInWithLink(ctx.state.services.accounts, token, clientOf(req, ctx));
      if (!session) return ctx.render({ token, invalid: true }, { status: 410 });
      return toMessenger(req, ctx, session);
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      return ctx.render({ token, error }, refused(error));
    }
  },
};

export default function SignIn({ data, state }: PageProps<Data, State>) {
  const { t, csrf } = state;
  return (
    <section class="auth">
      <Head>
        <title>{t("signin.title")} — {t("app.name")}</title>
      </Head>
      <h1>{t("signin.title")}</h1>
      {data.invalid
        ? <FormAlert>{t("signin.invalid")}</FormAlert>
        : (
          <form method="post" action="/signin" class="stack">
            <p class="lead">{t("signin.lead")}</p>
            {data.error && <FormAlert>{errorText(t, data.error)}</FormAlert>}
            <Csrf token={csrf} />
            <input type="hidden" name="token" value={data.token} />
            <button type="submit" class="primary">{t("signin.submit")}</button>
          </form>
        )}
    </section>
  );
}
