/** The "New group" dialog: a title, a description, members picked from contacts or by username. */
import { useEffect, useState } from "preact/hooks";
import type { Person } from "../../chats/contacts.ts";
import { uploadGroupPicture } from "../../lib/client/group_picture.ts";
import type { Request } from "../../lib/client/socket.ts";
import type { Wire } from "../../ws/protocol.ts";
import { Modal } from "./Modal.tsx";

interface Props {
  labels: Record<string, string>;
  /** The token the picture's upload carries. */
  csrf: string;
  request: Request;
  onClose(): void;
}

export function NewGroupDialog({ labels: l, csrf, request, onClose }: Props) {
  const [contacts, setContacts] = useState<Wire<Person>[]>([]);
  const [error, setError] = useState<string>();
  /** Made, but its picture was refused: said, with the way on to the group. */
  const [made, setMade] = useState<number>();
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
    const { chatId } = answer.result;
    const picture = form.get("picture");
    if (picture instanceof File && picture.size > 0) {
      const refused = await uploadGroupPicture(chatId, picture, csrf);
      if (refused) {
        setMade(chatId);
        return setError(refused);
      }
    }
    location.assign(`/im/${chatId}`);
  };

  if (made) {
    return (
      <Modal closeLabel={l.close} title={l.newGroup} onClose={onClose}>
        <p class="form-error" role="alert">{error}</p>
        <a class="button primary" href={`/im/${made}`}>{l.openGroup}</a>
      </Modal>
    );
  }
  return (
    <Modal closeLabel={l.close} title={l.newGroup} onClose={onClose}>
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
        <label>
          {l.picture}
          <input name="picture" type="file" accept="image/png,image/jpeg,image/gif" />
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
