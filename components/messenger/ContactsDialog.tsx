/** The user's contacts, to write to, remove or block; and the people they blocked, to unblock. */
import { useEffect, useState } from "preact/hooks";
import { avatarUrl } from "../../accounts/users.ts";
import type { Person } from "../../chats/contacts.ts";
import type { Answer, Request } from "../../lib/client/socket.ts";
import type { MethodName, Wire } from "../../ws/protocol.ts";
import { Avatar } from "../Avatar.tsx";
import { Modal } from "./Modal.tsx";
import { Refusal, useStartChat } from "./StartChat.tsx";

interface Props {
  labels: Record<string, string>;
  emailConfirmed: boolean;
  csrf: string;
  request: Request;
  onFindPeople(): void;
  onClose(): void;
}

const nameOf = (person: Wire<Person>) => person.displayName ?? person.username;

function PersonName({ person }: { person: Wire<Person> }) {
  return (
    <span class="person">
      <Avatar name={nameOf(person)} url={avatarUrl(person)} size={32} />
      <span>
        <strong>{nameOf(person)}</strong> @{person.username}
      </span>
    </span>
  );
}

/** Whether `person` answers to what was typed in the filter. */
function matches(person: Wire<Person>, filter: string): boolean {
  const text = filter.trim().toLowerCase();
  return person.username.toLowerCase().includes(text) ||
    (person.displayName ?? "").toLowerCase().includes(text);
}

export function ContactsDialog({ labels: l, request, ...props }: Props) {
  const [contacts, setContacts] = useState<Wire<Person>[]>();
  const [blocked, setBlocked] = useState<Wire<Person>[]>([]);
  const [filter, setFilter] = useState("");
  const { refusal, setRefusal, startChat } = useStartChat(
    request,
    props.emailConfirmed,
    l.confirmFirst,
  );
  const reload = async () => {
    const [mine, theirs] = await Promise.all([
      request("contacts.list", {}),
      request("blocks.list", {}),
    ]);
    if (mine.ok) setContacts(mine.result.contacts);
    if (theirs.ok) setBlocked(theirs.result.blocked);
  };
  useEffect(() => void reload(), []);
  const act = async (answer: Promise<Answer<MethodName>>) => {
    const done = await answer;
    if (!done.ok) setRefusal(done.message ?? String(done.status));
    await reload();
  };
  const shown = (contacts ?? []).filter((person) => matches(person, filter));
  return (
    <Modal closeLabel={l.close} title={l.contacts} onClose={props.onClose}>
      <input
        class="search"
        type="search"
        placeholder={l.filterContacts}
        aria-label={l.filterContacts}
        autofocus
        value={filter}
        onInput={(event) => setFilter((event.target as HTMLInputElement).value)}
      />
      <Refusal
        text={refusal}
        emailConfirmed={props.emailConfirmed}
        csrf={props.csrf}
        resendLabel={l.resend}
      />
      {contacts?.length === 0 && (
        <p class="empty">
          {l.noContacts}{" "}
          <button type="button" class="link" onClick={props.onFindPeople}>{l.addContact}</button>
        </p>
      )}
      <ul class="people contacts">
        {shown.map((person) => (
          <li key={person.id}>
            <PersonName person={person} />
            <span class="person-actions">
              <button type="button" class="primary" onClick={() => startChat(person.id)}>
                {l.message}
              </button>
              <button
                type="button"
                class="link"
                onClick={() => act(request("contacts.remove", { userId: person.id }))}
              >
                {l.remove}
              </button>
              <button
                type="button"
                class="link danger"
                onClick={() => act(request("blocks.add", { userId: person.id }))}
              >
                {l.blockShort}
              </button>
            </span>
          </li>
        ))}
      </ul>
      {blocked.length > 0 && (
        <>
          <h3>{l.blocked}</h3>
          <ul class="people blocked">
            {blocked.map((person) => (
              <li key={person.id}>
                <PersonName person={person} />
                <button
                  type="button"
                  class="link"
                  onClick={() => act(request("blocks.remove", { userId: person.id }))}
                >
                  {l.unblock}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </Modal>
  );
}
