/** The messenger's dialogs: a chat's menu, deleting a chat, and finding people to write to. */
import { useState } from "preact/hooks";
import type { Person } from "../../chats/contacts.ts";
import type { Request } from "../../lib/client/socket.ts";
import type { Wire } from "../../ws/protocol.ts";
import { Modal } from "./Modal.tsx";
import { Refusal, useStartChat } from "./StartChat.tsx";

type Dialog = "menu" | "delete" | "add";

interface Props {
  dialog: Dialog;
  /** The open chat, for its menu and its deletion. */
  chat?: { id: number; title: string; muted: boolean; otherId?: number };
  labels: Record<string, string>;
  request: Request;
  /** Opens another dialog, or closes this one. */
  onDialog(dialog?: Dialog): void;
  onMuted(muted: boolean): void;
  /** Whether the user's address is confirmed: without it, starting a chat is refused. */
  emailConfirmed: boolean;
  /** The token of the form that mails the confirmation link again. */
  csrf: string;
  /** Opens the group's info panel, for a group one is in. */
  onInfo?: () => void;
}

export function ChatDialogs(
  { dialog, chat, labels: l, request, onDialog, onMuted, onInfo, emailConfirmed, csrf }: Props,
) {
  const [found, setFound] = useState<Wire<Person>[]>([]);
  const { refusal, setRefusal, startChat } = useStartChat(request, emailConfirmed, l.confirmFirst);
  const [added, setAdded] = useState(new Set<number>());
  const close = () => onDialog(undefined);
  const on = {
    onClose: close,
    onDialog,
    async onSearch(query: string) {
      const answer = await request("contacts.search", { query });
      setFound(answer.ok ? answer.result.people : []);
    },
    async onAddContact(userId: number) {
      const answer = await request("contacts.add", { userId });
      if (answer.ok) setAdded((all) => new Set(all).add(userId));
      else setRefusal(answer.message ?? String(answer.status));
    },
    async onMute(muted: boolean) {
      close();
      if ((await request("chats.mute", { chatId: chat!.id, muted })).ok) onMuted(muted);
    },
    onDelete(forBoth: boolean) {
      close();
      request("chats.delete", { chatId: chat!.id, forBoth });
    },
    onBlock() {
      close();
      request("blocks.add", { userId: chat!.otherId! });
    },
  };
  if (dialog === "add") {
    return (
      <Modal closeLabel={l.close} title={l.addContact} onClose={on.onClose}>
        <input
          class="search"
          type="search"
          placeholder={l.searchPlaceholder}
          autofocus
          onInput={(event) => on.onSearch((event.target as HTMLInputElement).value)}
        />
        <Refusal
          text={refusal}
          emailConfirmed={emailConfirmed}
          csrf={csrf}
          resendLabel={l.resend}
        />
        <ul class="people">
          {found.map((person) => (
            <li key={person.id}>
              <span>
                <strong>{person.displayName ?? person.username}</strong> @{person.username}
              </span>
              <span class="person-actions">
                {added.has(person.id)
                  ? <span class="added">{l.contactAdded}</span>
                  : (
                    <button type="button" class="link" onClick={() => on.onAddContact(person.id)}>
                      {l.addToContacts}
                    </button>
                  )}
                <button type="button" class="primary" onClick={() => startChat(person.id)}>
                  {l.message}
                </button>
              </span>
            </li>
          ))}
        </ul>
      </Modal>
    );
  }
  if (!chat) return null;
  if (dialog === "menu") {
    return (
      <Modal closeLabel={l.close} title={chat.title} onClose={on.onClose}>
        <div class="menu">
          {onInfo && <button type="button" onClick={onInfo}>{l.groupInfo}</button>}
          <button type="button" onClick={() => on.onMute(!chat.muted)}>
            {chat.muted ? l.unmute : l.mute}
          </button>
          <button type="button" class="danger" onClick={() => on.onDialog("delete")}>
            {l.deleteChat}
          </button>
          {chat.otherId && (
            <button type="button" class="danger" onClick={on.onBlock}>{l.block}</button>
          )}
        </div>
      </Modal>
    );
  }
  return (
    <Modal closeLabel={l.close} title={l.deleteChat} onClose={on.onClose}>
      <p>{l.deleteConfirm}</p>
      <div class="menu">
        <button type="button" onClick={() => on.onDelete(false)}>{l.deleteForMe}</button>
        {chat.otherId && (
          <button type="button" class="danger" onClick={() => on.onDelete(true)}>
            {l.deleteForBoth}
          </button>
        )}
        <button type="button" class="link" onClick={on.onClose}>{l.cancel}</button>
      </div>
    </Modal>
  );
}
