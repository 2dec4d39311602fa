/**
 * The left pane: finding people, the contacts, making a group, invitations waiting, and the chat
 * list.
 */
import type { Invitation } from "../../chats/invitations.ts";
import type { ChatItem } from "../../lib/client/chat_items.ts";
import type { Clock } from "../../lib/client/time.ts";
import type { Wire } from "../../ws/protocol.ts";
import { ChatList } from "./ChatList.tsx";
import { Invitations } from "./Invitations.tsx";

interface Props {
  chats: ChatItem[];
  openId?: number;
  invitations: Wire<Invitation>[];
  /** Connected: the dialogs that need the server can open. */
  online: boolean;
  clock: Clock;
  labels: Record<string, string>;
  onFindPeople(): void;
  onContacts(): void;
  onNewGroup(): void;
  onInvitation(chatId: number, accept: boolean): void;
}

export function ChatPane({ labels: l, online, ...props }: Props) {
  return (
    <aside class="chat-pane">
      <div class="pane-head">
        <button type="button" class="add-contact" onClick={props.onFindPeople} disabled={!online}>
          + {l.addContact}
        </button>
        <button
          type="button"
          class="contacts-button"
          onClick={props.onContacts}
          disabled={!online}
        >
          {l.contacts}
        </button>
        <button
          type="button"
          class="new-group-button"
          onClick={props.onNewGroup}
          disabled={!online}
        >
          + {l.newGroup}
        </button>
      </div>
      <Invitations invitations={props.invitations} labels={l} onAnswer={props.onInvitation} />
      <ChatList chats={props.chats} openId={props.openId} clock={props.clock} labels={l} />
    </aside>
  );
}
