/**
 * The left pane: finding people, the contacts, making a group, message search, invitations
 * waiting, and the chat list (or, while searching, the messages found).
 */
import type { Ref } from "preact";
import type { Invitation } from "../../chats/invitations.ts";
import type { ChatItem } from "../../lib/client/chat_items.ts";
import type { Clock } from "../../lib/client/time.ts";
import type { useSearch } from "../../lib/client/use_search.ts";
import type { Wire } from "../../ws/protocol.ts";
import { ChatList } from "./ChatList.tsx";
import { Invitations } from "./Invitations.tsx";
import { SearchBox, SearchResults } from "./SearchPanel.tsx";

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
  search: ReturnType<typeof useSearch>;
  searchInput: Ref<HTMLInputElement>;
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
      <SearchBox search={props.search} chats={props.chats} labels={l} input={props.searchInput} />
      {props.search.active
        ? <SearchResults search={props.search} chats={props.chats} clock={props.clock} labels={l} />
        : (
          <>
            <Invitations
              invitations={props.invitations}
              labels={l}
              onAnswer={props.onInvitation}
            />
            <ChatList chats={props.chats} openId={props.openId} clock={props.clock} labels={l} />
          </>
        )}
    </aside>
  );
}
