/** The frame of every administration page: its title, the sections the viewer's role opens. */
import type { ComponentChildren } from "preact";
import { type Role, roleAllows } from "../../admin/roles.ts";
import { Head } from "../../framework/runtime.ts";
import type { MessageKey } from "../../i18n/mod.ts";
import type { SignedInState } from "../../lib/signed_in.ts";
import { FormAlert } from "../Form.tsx";

export type AdminSection = "stats" | "users" | "reports" | "tickets" | "canned" | "audit";

/** The sections, and the role each needs. */
const SECTIONS: { id: AdminSection; href: string; label: MessageKey; role: Role }[] = [
  { id: "stats", href: "/admin", label: "admin.nav.stats", role: "admin" },
  { id: "users", href: "/admin/users", label: "admin.nav.users", role: "admin" },
  { id: "reports", href: "/admin/reports", label: "admin.nav.reports", role: "admin" },
  { id: "tickets", href: "/admin/tickets", label: "admin.nav.tickets", role: "support" },
  { id: "canned", href: "/admin/canned", label: "admin.canned.title", role: "support" },
  { id: "audit", href: "/admin/audit", label: "admin.nav.audit", role: "admin" },
];

export function AdminPage(
  { state, section, title, children }: {
    state: SignedInState;
    section: AdminSection;
    title: string;
    children: ComponentChildren;
  },
) {
  const { t } = state;
  const shown = SECTIONS.filter((item) => roleAllows(state.user.role, item.role));
  return (
    <section class="admin">
      <Head>
        <title>{title} — {t("app.name")}</title>
      </Head>
      <h1>{title}</h1>
      {shown.length > 0 && (
        <nav class="tab-bar" aria-label={t("admin.title")}>
          {shown.map((item) => (
            <a
              key={item.id}
              href={item.href}
              aria-current={item.id === section ? "page" : undefined}
            >
              {t(item.label)}
            </a>
          ))}
        </nav>
      )}
      {state.services.demoAccounts && <FormAlert>{t("admin.demo")}</FormAlert>}
      {children}
    </section>
  );
}
