/**
 * A group's info panel: its picture, title and description, its members with their roles, and what
 * the reader's role lets them do (edit, add, remove, promote, hand over, invite links, leave,
 * delete). The server checks every action again; this only offers those that would pass.
 */
import { useEffect, useState } from "preact/hooks";
import type { Person } from "../../chats/contacts.ts";
import type { GroupInfo, GroupMember } from "../../chats/groups.ts";
import type { InviteLink } from "../../chats/invite_links.ts";
import { InviteLinks } from "./InviteLinks.tsx";
import { avatarUrl } from "../../accounts/users.ts";
import { groupPictureUrl } from "../../lib/client/chat_items.ts";
import { uploadGroupPicture } from "../../lib/client/group_picture.ts";
import { counted } from "../../lib/client/plural.ts";
import type { Answer, Request } from "../../lib/client/socket.ts";
import type { MethodName, Wire } from "../../ws/protocol.ts";
import { Avatar } from "../Avatar.tsx";
import { Modal } from "./Modal.tsx";

interface Props {
  chatId: number;
  me: number;
  labels: Record<string, string>;
  locale: string;
  /** The token the picture's upload carries. */
  csrf: string;
  /** Changes when the group or its members change: the panel reads them again. */
  version: number;
  request: Request;
  onClose(): void;
}

export function GroupPanel(
  { chatId, me, labels: l, locale, csrf, version, request, onClose }: Props,
) {
  const [info, setInfo] = useState<Wire<GroupInfo>>();
  const [links, setLinks] = useState<Wire<InviteLink>[]>([]);
  const [found, setFound] = useState<Wire<Person>[]>([]);
  const [error, setError] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const [online, setOnline] = useState(new Set<number>());

  const load = async () => {
    const answer = await request("groups.info", { chatId });
    if (!answer.ok) return setError(answer.message);
    setInfo(answer.result.group);
    // Presence as each member's privacy allows, for the first hundred listed.
    const userIds = answer.result.group.members.slice(0, 100).map((m) => m.userId);
    const presence = await request("users.presence", { userIds });
    if (presence.ok) {
      setOnline(new Set(presence.result.presence.filter((p) => p.online).map((p) => p.userId)));
    }
    if (answer.result.group.role !== "member") {
      const listed = await request("groups.links", { chatId });
      if (listed.ok) setLinks(listed.result.links);
    }
  };
  useEffect(() => void load(), [version]);

  /** Runs an action; its refusal is shown, its success read back. */
  const act = async (answer: Promise<Answer<MethodName>>, after: () => unknown = load) => {
    const done = await answer;
    if (!done.ok) return setError(done.message ?? String(done.status));
    setError(undefined);
    await after();
  };

  if (!info) {
    return (
      <Modal closeLabel={l.close} title={l.groupInfo} onClose={onClose}>
        {error && <p>{error}</p>}
      </Modal>
    );
  }
  const admin = info.role !== "member";
  const owner = info.role === "owner";
  const mayRemove = (m: Wire<GroupMember>) =>
    m.userId !== me && (owner || (admin && m.role === "member"));

  return (
    <Modal closeLabel={l.close} title={l.groupInfo} onClose={onClose}>
      <div class="group-panel">
        <div class="group-head">
          <Avatar name={info.title} url={groupPictureUrl(info)} size={64} />
          <div>
            <strong class="group-name">{info.title}</strong>
            <span>{counted(l, "members", info.memberCount, locale)}</span>
          </div>
        </div>
        {error && <p class="form-error" role="alert">{error}</p>}
        {admin
          ? (
            <form
              class="group-edit"
              onSubmit={(event) => {
                event.preventDefault();
                const form = new FormData(event.currentTarget);
                act(request("groups.update", {
                  chatId,
                  title: String(form.get("title")),
                  description: String(form.get("description")),
                }));
              }}
            >
              <label>
                {l.groupTitle}
                <input name="title" value={info.title} maxLength={128} required />
              </label>
              <label>
                {l.groupDescription}
                <textarea name="description" rows={2} maxLength={1000} value={info.description} />
              </label>
              <label>
                <input
                  type="file"
                  accept="image/png,image/jpeg,image/gif"
                  aria-label={l.picture}
                  onChange={(event) => {
                    const file = (event.target as HTMLInputElement).files?.[0];
                    if (file) {
                      void uploadGroupPicture(chatId, file, csrf).then((e) =>
                        e ? setError(e) : load()
                      );
                    }
                  }}
                />
              </label>
              <button type="submit">{l.save}</button>
            </form>
          )
          : info.description && <p class="group-description">{info.description}</p>}
        {admin && (
          <div class="group-add">
            <input
              class="search"
              type="search"
              placeholder={l.addMembers}
              onInput={async (event) => {
                const query = (event.target as HTMLInputElement).value;
                const answer = await request("contacts.search", { query });
                setFound(answer.ok ? answer.result.people : []);
              }}
            />
            <ul class="people">
              {found.filter((p) => !info.members.some((m) => m.userId === p.id)).map((person) => (
                <li key={person.id}>
                  <span>
                    <strong>{person.displayName ?? person.username}</strong> @{person.username}
                  </span>
                  <button
                    type="button"
                    class="primary"
                    onClick={() =>
                      act(request("groups.addMembers", { chatId, userIds: [person.id] }))}
                  >
                    {l.add}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
        <ul class="people members" aria-label={l.groupMembers}>
          {info.members.map((m) => (
            <li key={m.userId} data-user-id={m.userId}>
              <span>
                <Avatar
                  name={m.name}
                  url={avatarUrl({ id: m.userId, avatarVersion: m.avatarVersion })}
                  size={28}
                />
                <strong>{m.name}</strong> @{m.username}
                {online.has(m.userId) && <span class="online-dot" title={l.online} />}
                {m.role !== "member" && <span class="role">{l[`role.${m.role}`]}</span>}
              </span>
              <span class="member-actions">
                {owner && m.userId !== me && (
                  <button
                    type="button"
                    class="link"
                    onClick={() =>
                      act(request("groups.setRole", {
                        chatId,
                        userId: m.userId,
                        role: m.role === "admin" ? "member" : "admin",
                      }))}
                  >
                    {m.role === "admin" ? l.dropAdmin : l.makeAdmin}
                  </button>
                )}
                {owner && m.userId !== me && (
                  <button
                    type="button"
                    class="link"
                    onClick={() =>
                      act(request("groups.transferOwnership", { chatId, userId: m.userId }))}
                  >
                    {l.makeOwner}
                  </button>
                )}
                {mayRemove(m) && (
                  <button
                    type="button"
                    class="link danger"
                    onClick={() =>
                      act(request("groups.removeMember", { chatId, userId: m.userId }))}
                  >
                    {l.remove}
                  </button>
                )}
              </span>
            </li>
          ))}
        </ul>
        {admin && (
          <InviteLinks
            links={links}
            labels={l}
            locale={locale}
            onCreate={(options) => act(request("groups.createLink", { chatId, ...options }))}
            onRevoke={(linkId) => act(request("groups.revokeLink", { chatId, linkId }))}
          />
        )}
        <div class="menu">
          <button
            type="button"
            class="danger"
            onClick={() => act(request("groups.leave", { chatId }), onClose)}
          >
            {l.leave}
          </button>
          {owner && !confirming && (
            <button
              type="button"
              class="danger"
              onClick={() => setConfirming(true)}
            >
              {l.deleteGroup}
            </button>
          )}
          {confirming && (
            <>
              <p>{l.deleteGroupConfirm}</p>
              <button
                type="button"
                class="danger"
                onClick={() => act(request("groups.delete", { chatId }), onClose)}
              >
                {l.deleteGroup}
              </button>
            </>
          )}
        </div>
      </div>
    </Modal>
  );
}
