/** The "New group" dialog: a title, a description, members picked from contacts or by username. */
import { useEffect, useState } from "preact/hooks";
import type { Person } from "../../chats/contacts.ts";
import type { Answer } from "../../lib/client/socket.ts";
import type { MethodName, Params, Wire } from "../../ws/protocol.ts";
import { Modal } from "./Modal.tsx";

interface Props {
  labels: Record<string, string>;
  request<M extends MethodName>(method: M, params: Params<M>): Promise<Answer<M>>;
  onClose(): void;
}

export function NewGroupDialog({ labels: l, request, onClose }: Props) {
  const [contacts, setContacts] = useState<Wire<Person>[]>([]);
  const [error, setError] = useState<string>();
  useEffect(() => {
    request("contacts.list", {}).then((answer) => answer.ok && setContacts(answer.result.contacts));
  }, []);

  const create = async (form: FormData) => {
    const usernames = String(form.get("usernames") ?? "").split(/[\s,]+/)
      .map((name) => name.replace(/^@/, "")).filter(Boolean);
    const answer = await request("groups.create", {
      title: String(form.get("title")),
      description: String(form.get("description") ?? ""),
      userIds: form.getAll("member").map(Number),
      usernames,
    });
    if (!answer.ok) return setError(answer.message ?? String(answer.status));
    location.assign(`/im/${answer.result.chatId}`);
  };

  return (
    <Modal title={l.newGroup} onClose={onClose}>
      <form
        class="new-group"
        onSubmit={(event) => {
          event.preventDefault();
          create(new FormData(event.currentTarget));
        }}
      >
        {error && <p class="form-error" role="alert">{error}</p>}
        <label>
          {l.groupTitle}
          <input name="title" required maxLength={128} autofocus />
        </label>
        <label>
          {l.groupDescription}
          <textarea name="description" rows={2} maxLength={1000} />
        </label>
        {contacts.length > 0 && (
          <fieldset>
            <legend>{l.pickMembers}</legend>
            {contacts.map((person) => (
              <label key={person.id} class="check">
                <input type="checkbox" name="member" value={person.id} />
                {person.displayName ?? person.username} @{person.username}
              </label>
            ))}
          </fieldset>
        )}
        <label>
          {l.addByUsername}
          <input name="usernames" autocomplete="off" />
        </label>
        <div class="menu">
          <button type="submit" class="primary">{l.create}</button>
          <button type="button" class="link" onClick={onClose}>{l.cancel}</button>
        </div>
      </form>
    </Modal>
  );
}
