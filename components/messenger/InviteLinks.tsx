/** A group's invite links in its info panel: each with its uses and end, revoking, making one. */
import type { InviteLink } from "../../chats/invite_links.ts";
import type { Wire } from "../../ws/protocol.ts";

const LIFETIMES = [
  ["", "linkForever"],
  ["3600", "linkHour"],
  ["86400", "linkDay"],
  ["604800", "linkWeek"],
] as const;

interface Props {
  links: Wire<InviteLink>[];
  labels: Record<string, string>;
  locale: string;
  onCreate(options: { expiresInSeconds?: number; maxUses?: number }): void;
  onRevoke(linkId: number): void;
}

/** What a link's line says of it: used how often of how many, until when, or that it ended. */
function state(link: Wire<InviteLink>, labels: Record<string, string>, locale: string): string {
  if (link.revoked) return labels.linkRevoked;
  if (link.expiresAt && new Date(link.expiresAt) <= new Date()) return labels.linkExpired;
  const uses = link.maxUses === null ? String(link.uses) : `${link.uses} / ${link.maxUses}`;
  const until = link.expiresAt
    ? ` · ${labels.linkUntil.replace("{time}", new Date(link.expiresAt).toLocaleString(locale))}`
    : "";
  return labels.linkUses.replace("{uses}", uses) + until;
}

export function InviteLinks({ links, labels: l, locale, onCreate, onRevoke }: Props) {
  return (
    <section class="invite-links">
      <h3>{l.inviteLinks}</h3>
      <ul>
        {links.map((link) => (
          <li key={link.id} class={link.revoked ? "revoked" : undefined}>
            <input readOnly value={`${location.origin}/join/${link.code}`} />
            <span>{state(link, l, locale)}</span>
            {!link.revoked && (
              <button type="button" class="link" onClick={() => onRevoke(link.id)}>
                {l.revoke}
              </button>
            )}
          </li>
        ))}
      </ul>
      <form
        class="link-options"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const lifetime = Number(form.get("lifetime"));
          const uses = Number(form.get("uses"));
          onCreate({
            expiresInSeconds: lifetime > 0 ? lifetime : undefined,
            maxUses: uses > 0 ? uses : undefined,
          });
        }}
      >
        <select name="lifetime" aria-label={l.linkLifetime}>
          {LIFETIMES.map(([value, key]) => <option key={value} value={value}>{l[key]}</option>)}
        </select>
        <input
          name="uses"
          type="number"
          min={1}
          max={100000}
          placeholder={l.linkMaxUses}
          aria-label={l.linkMaxUses}
        />
        <button type="submit">{l.createLink}</button>
      </form>
    </section>
  );
}
