/**
 * The account page: one tab per concern, each a plain form that works without JavaScript.
 * Every change is a POST with an `action`; success redirects back to its tab with a notice.
 */
import { AVATAR_MAX_BYTES } from "../accounts/avatar.ts";
import { AccountError } from "../accounts/errors.ts";
import {
  changeAvatar,
  changeDisplayName,
  changePassword,
  changePrivacy,
  changeUsername,
  deleteAccount,
  removeAvatar,
  requestEmailChange,
} from "../accounts/profile.ts";
import { resendConfirmation } from "../accounts/signin.ts";
import {
  beginTwoFactor,
  disableTwoFactor,
  enableTwoFactor,
  pendingTwoFactor,
} from "../accounts/two_factor.ts";
import type { Audience } from "../accounts/users.ts";
import { Head } from "../framework/runtime.ts";
import type { PageProps, RouteConfig } from "../framework/server.ts";
import type { MessageKey } from "../i18n/mod.ts";
import { clientOf, field, originOf, readForm, refused, seeOther } from "../lib/forms.ts";
import { clearSessionCookie, isSecure } from "../lib/session_cookie.ts";
import { signedIn, type SignedInContext, type SignedInState } from "../lib/signed_in.ts";
import { AccountTabs } from "../components/account/AccountTabs.tsx";
import { type AccountData, type Tab, TABS } from "../components/account/AccountForm.tsx";
import { storageUse } from "../files/usage.ts";

/** The notices a redirect may name. */
const NOTICES: MessageKey[] = [
  "account.saved",
  "account.email.sent",
  "account.password.changed",
  "account.sessions.revoked",
  "account.sessions.revokedOthers",
  "account.2fa.disabled",
  "banner.resent",
];

const AUDIENCES: Audience[] = ["everyone", "contacts", "nobody"];

function tabOf(value: string | null): Tab {
  return TABS.includes(value as Tab) ? value as Tab : "profile";
}

async function pageData(ctx: SignedInContext, data: Partial<AccountData> & { tab: Tab }) {
  const { services, session } = ctx.state;
  const sessions = data.tab === "sessions"
    ? await services.accounts.sessions.list(session.userId)
    : [];
  const setup = data.tab === "2fa" && !data.recoveryCodes
    ? await pendingTwoFactor(services.accounts, session.userId)
    : undefined;
  const storage = data.tab === "storage"
    ? await storageUse(services.db, session.userId, services.config.userQuotaBytes)
    : undefined;
  return { sessions, setup, storage, ...data };
}

/** Runs one posted action; returns where to redirect, or the page to render. */
async function act(
  action: string,
  form: FormData,
  req: Request,
  ctx: SignedInContext,
): Promise<{ tab: Tab; notice?: MessageKey; render?: Partial<AccountData>; response?: Response }> {
  const { services } = ctx.state;
  const accounts = services.accounts;
  const { session } = ctx.state;
  const userId = session.userId;
  switch (action) {
    case "username":
      await changeUsername(accounts, userId, field(form, "username"));
      return { tab: "profile", notice: "account.saved" };
    case "displayName":
      await changeDisplayName(accounts, userId, field(form, "displayName"));
      return { tab: "profile", notice: "account.saved" };
    case "avatar": {
      const file = form.get("avatar");
      if (!(file instanceof File) || file.size === 0) {
        throw new AccountError(415, "avatar.type", "avatar");
      }
      await changeAvatar(accounts, userId, {
        bytes: new Uint8Array(await file.arrayBuffer()),
        type: file.type,
      });
      return { tab: "profile", notice: "account.saved" };
    }
    case "avatarRemove":
      await removeAvatar(accounts, userId);
      return { tab: "profile", notice: "account.saved" };
    case "email":
      await requestEmailChange(accounts, userId, {
        email: field(form, "email"),
        password: field(form, "password"),
        origin: originOf(req, ctx),
      });
      return { tab: "email", notice: "account.email.sent" };
    case "resend":
      await resendConfirmation(accounts, userId, originOf(req, ctx), clientOf(req, ctx));
      return { tab: "email", notice: "banner.resent" };
    case "password":
      await changePassword(accounts, session, {
        current: field(form, "current"),
        next: field(form, "next"),
      });
      return { tab: "password", notice: "account.password.changed" };
    case "privacy": {
      const pick = <T extends string>(name: string, allowed: readonly T[]): T => {
        const value = field(form, name) as T;
        if (!allowed.includes(value)) throw new AccountError(422, "field.invalid", name);
        return value;
      };
      await changePrivacy(accounts, userId, {
        findBy: pick("findBy", AUDIENCES),
        messageFrom: pick("messageFrom", ["everyone", "contacts"] as const),
        lastSeenVisibleTo: pick("lastSeen", AUDIENCES),
        groupAddFrom: pick("groupAddFrom", ["everyone", "contacts"] as const),
        // A checkbox: sent only when ticked.
        pushShowsText: field(form, "pushShowsText") === "on",
      });
      return { tab: "privacy", notice: "account.saved" };
    }
    case "revoke": {
      const id = Number(field(form, "id"));
      if (!Number.isSafeInteger(id) || !await accounts.sessions.revoke(userId, id)) {
        throw new AccountError(404, "session.unknown");
      }
      return { tab: "sessions", notice: "account.sessions.revoked" };
    }
    case "revokeOthers":
      await accounts.sessions.revokeAll(userId, session.tokenId);
      return { tab: "sessions", notice: "account.sessions.revokedOthers" };
    case "2faBegin":
      return { tab: "2fa", render: { setup: await beginTwoFactor(accounts, userId) } };
    case "2faEnable":
      return {
        tab: "2fa",
        render: { recoveryCodes: await enableTwoFactor(accounts, userId, field(form, "code")) },
      };
    case "2faDisable":
      await disableTwoFactor(accounts, userId, {
        password: field(form, "password"),
        code: field(form, "code"),
      });
      return { tab: "2fa", notice: "account.2fa.disabled" };
    case "delete": {
      await deleteAccount(accounts, userId, field(form, "password"));
      const cookie = clearSessionCookie(isSecure(req, services.config.publicUrl));
      return { tab: "delete", response: seeOther("/", [cookie]) };
    }
  }
  throw new AccountError(400, "field.invalid");
}

// Room for an avatar a little over the limit, so that its form can say what is wrong with it.
export const config: RouteConfig = { bodyLimit: 2 * AVATAR_MAX_BYTES };

export const handler = signedIn<AccountData>({
  async GET(req, ctx) {
    const params = new URL(req.url).searchParams;
    const done = params.get("done") as MessageKey | null;
    const notice = done && NOTICES.includes(done) ? done : undefined;
    return ctx.render(await pageData(ctx, { tab: tabOf(params.get("tab")), notice }), {
      headers: { "cache-control": "no-store" },
    });
  },
  async POST(req, ctx) {
    let tab: Tab = "profile";
    try {
      const form = await readForm(req, ctx);
      tab = tabOf(field(form, "tab"));
      const outcome = await act(field(form, "action"), form, req, ctx);
      if (outcome.response) return outcome.response;
      if (outcome.render) {
        return ctx.render(await pageData(ctx, { tab: outcome.tab, ...outcome.render }), {
          headers: { "cache-control": "no-store" },
        });
      }
      return seeOther(`/account?tab=${outcome.tab}&done=${outcome.notice}`);
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      return ctx.render(await pageData(ctx, { tab, error }), refused(error));
    }
  },
});

export default function Account({ data, state }: PageProps<AccountData, SignedInState>) {
  return (
    <section class="account">
      <Head>
        <title>{state.t("account.title")} — {state.t("app.name")}</title>
      </Head>
      <h1>{state.t("account.title")}</h1>
      <AccountTabs data={data} state={state} />
      <p class="account-help">
        <a href="/help">{state.t("help.fromAccount")}</a> ·{" "}
        <a href="/help/tickets">{state.t("tickets.title")}</a>
      </p>
    </section>
  );
}
