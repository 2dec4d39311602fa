/** The messenger with no chat open: the list of chats. */
import { Head } from "../../framework/runtime.ts";
import type { Handlers, PageProps } from "../../framework/server.ts";
import Messenger from "../../islands/Messenger.tsx";
import { seeOther } from "../../lib/forms.ts";
import { messengerProps } from "../../lib/messenger_props.ts";
import type { State } from "../../lib/state.ts";

type Data = Awaited<ReturnType<typeof messengerProps>>;

export const handler: Handlers<Data, State> = {
  async GET(_req, ctx) {
    const { user, services, t } = ctx.state;
    if (!user) return seeOther("/");
    return ctx.render(await messengerProps(services.db, user, t));
  },
};

export default function Im({ data }: PageProps<Data, State>) {
  return (
    <>
      <Head>
        <title>{data.title}</title>
      </Head>
      <Messenger {...data} />
    </>
  );
}
