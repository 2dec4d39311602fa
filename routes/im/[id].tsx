/** The messenger with one chat open. */
import { HttpError } from "../../framework/http_error.ts";
import type { PageProps } from "../../framework/server.ts";
import { messengerProps } from "../../lib/messenger_props.ts";
import { clockOf } from "../../lib/prefs.ts";
import { signedIn } from "../../lib/signed_in.ts";
import type { State } from "../../lib/state.ts";
import { type MessengerData, MessengerPage } from "../../components/messenger/MessengerPage.tsx";

export const handler = signedIn<MessengerData>({
  async GET(req, ctx) {
    const { user, services, t, lang } = ctx.state;
    const id = Number(ctx.params.id);
    if (!Number.isSafeInteger(id) || id <= 0) return ctx.renderNotFound();
    // Opened at a message (from search): an id that is not one opens at the latest.
    const at = Number(new URL(req.url).searchParams.get("at"));
    try {
      const props = await messengerProps(
        services.db,
        user,
        t,
        clockOf(req, lang),
        ctx.state.csrf,
        id,
        Number.isSafeInteger(at) && at > 0 ? at : undefined,
      );
      return ctx.render(
        { ...props, vapidPublicKey: services.vapidPublicKey },
        { headers: { "cache-control": "no-store" } },
      );
    } catch (error) {
      // Someone else's chat looks like no chat at all.
      if (error instanceof HttpError && error.status === 423) return ctx.renderNotFound();
      throw error;
    }
  },
});

export default function ImChat({ data }: PageProps<MessengerData, State>) {
  return <MessengerPage data={data} />;
}
