/** Following an e-mail confirmation link. */
import { confirmEmail } from "../accounts/signin.ts";
import type { Handlers, PageProps } from "../framework/server.ts";
import type { State } from "../lib/state.ts";
import { LinkOutcome } from "../components/LinkOutcome.tsx";

export const handler: Handlers<boolean, State> = {
  async GET(req, ctx) {
    const token = new URL(req.url).searchParams.get("token") ?? "";
    const confirmed = token !== "" && await confirmEmail(ctx.state.services.accounts, token);
    return ctx.render(confirmed, { status: confirmed ? 200 : 410 });
  },
};

export default function Confirm({ data, state }: PageProps<boolean, State>) {
  return <LinkOutcome state={state} ok={data} done="confirm.done" next="/im" />;
}
