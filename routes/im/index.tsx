/** The messenger with no chat open: the list of chats. */
import type { PageProps } from "../../framework/server.ts";
import { messengerProps } from "../../lib/messenger_props.ts";
import { clockOf } from "../../lib/prefs.ts";
import { signedIn } from "../../lib/signed_in.ts";
import type { State } from "../../lib/state.ts";
import { type MessengerData, MessengerPage } from "../../components/messenger/MessengerPage.tsx";

export const handler = signedIn<MessengerData>({
  async GET(req, ctx) {
    const { user, services, t, lang } = ctx.state;
    // Someone's chats: never kept by the browser or a proxy for the next person at this computer.
    const props = await messengerProps(services.db, user, t, clockOf(req, lang), ctx.state.csrf);
    return ctx.render(
      { ...props, vapidPublicKey: services.vapidPublicKey },
      { headers: { "cache-control": "no-store" } },
    );
  },
});

export default function Im({ data }: PageProps<MessengerData, State>) {
  return <MessengerPage data={data} />;
}
