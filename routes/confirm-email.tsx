/** Following the link sent to a new e-mail address: the address changes now. */
import { confirmEmailChange } from "../accounts/profile.ts";
import type { Handlers, PageProps } from "../framework/server.ts";
import type { State } from "../lib/state.ts";
import { LinkOutcome } from "../components/LinkOutcome.tsx";

export const handler: Handlers<boolean, State> = {
  async GET(req, ctx) {
    const token = new URL(req.url).searchParams.get("token") ?? "";
    const changed = token !== "" && await confirmEmailChange(ctx.state.services.accounts, token);
    return ctx.render(changed, { status: changed ? 200 : 410 });
  },
};

export default function ConfirmEmail({ data, state }: PageProps<boolean, State>) {
  return (
    <LinkOutcome state={state} ok={data} done="account.email.changed" next="/account?tab=email" />
  );
}
