/** The messenger page: its title and the island, with what the server read for it. */
import { Head } from "../../framework/runtime.ts";
import Messenger from "../../islands/Messenger.tsx";
import type { messengerProps } from "../../lib/messenger_props.ts";

export type MessengerData = Awaited<ReturnType<typeof messengerProps>> & {
  /** The server's public VAPID key, for this device's push subscription. */
  vapidPublicKey: string;
};

export function MessengerPage({ data }: { data: MessengerData }) {
  return (
    <>
      <Head>
        <title>{data.title}</title>
      </Head>
      <Messenger {...data} />
    </>
  );
}
