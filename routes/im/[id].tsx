/** The messenger with one chat open. */
import { HttpError } from "../../framework/http_error.ts";
import type { Handlers, PageProps } from "../../framework/server.ts";
import { seeOther } from "../../lib/forms.ts";
import { messengerProps } from "../../lib/messenger_props.ts";
import type { State } from "../../lib/state.ts";
import { type MessengerData, MessengerPage } from "../../components/messenger/MessengerPage.tsx";

export const handler: Handlers<MessengerData, State> = {
  async GET(_req, ctx) {
    const { user, services, t } = ctx.state;
    if (!user) return seeOther("/");
    const id = Number(ctx.params.id);
    if (!Number.isSafeInteger(id) || id <= 0) return ctx.renderNotFound();
    try {
      return ctx.render(await messengerProps(services.db, user, t, id));
    } catch (error) {
      // Someone else's chat looks like no chat at all.
      if (error instanceof HttpError && error.status === 423) return ctx.renderNotFound();
      throw error;
    }
  },
};

export default function ImChat({ data }: PageProps<MessengerData, State>) {
  return <MessengerPage data={data} />;
}
