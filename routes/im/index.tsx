/** The messenger with no chat open: the list of chats. */
import type { Handlers, PageProps } from "../../framework/server.ts";
import { seeOther } from "../../lib/forms.ts";
import { messengerProps } from "../../lib/messenger_props.ts";
import type { State } from "../../lib/state.ts";
import { type MessengerData, MessengerPage } from "../../components/messenger/MessengerPage.tsx";

export const handler: Handlers<MessengerData, State> = {
  async GET(_req, ctx) {
    const { user, services, t } = ctx.state;
    if (!user) return seeOther("/");
    return ctx.render(await messengerProps(services.db, user, t));
  },
};

export default function Im({ data }: PageProps<MessengerData, State>) {
  return <MessengerPage data={data} />;
}
