/**
 * One account as an admin sees it: what it holds, counted, and what staff did to it; with the
 * actions an admin may take, each a plain form.
 */
import { auditEntries } from "../../../admin/audit_log.ts";
import { AdminError } from "../../../admin/errors.ts";
import { grantRole, type Role } from "../../../admin/roles.ts";
import {
  deleteUser,
  forcePasswordReset,
  resetTwoFactor,
  suspendUser,
  unsuspendUser,
  userDetails,
} from "../../../admin/users.ts";
import { HttpError, type PageProps } from "../../../framework/server.ts";
import type { MessageKey } from "../../../i18n/mod.ts";
import { field, originOf, readForm, seeOther } from "../../../lib/forms.ts";
import { clockOf } from "../../../lib/prefs.ts";
import type { SignedInContext, SignedInState } from "../../../lib/signed_in.ts";
import { withRole } from "../../../lib/staff.ts";
import { AdminPage } from "../../../components/admin/AdminPage.tsx";
import { UserActions, type UserPageData } from "../../../components/admin/UserActions.tsx";

const NOTICES: MessageKey[] = [
  "admin.done.role",
  "admin.done.suspended",
  "admin.done.unsuspended",
  "admin.done.twoFactor",
  "admin.done.passwordReset",
  "admin.done.passwordResetNoMail",
];

function idOf(ctx: SignedInContext<UserPageData>): number {
  const id = Number(ctx.params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new AdminError("notFound");
  return id;
}

async function pageData(
  req: Request,
  ctx: SignedInContext<UserPageData>,
  extra: Partial<UserPageData> = {},
): Promise<UserPageData> {
  const { db } = ctx.state.services;
  const userId = idOf(ctx);
  return {
    user: await userDetails(db, userId),
    history: await auditEntries(db, { limit: 20, targetUserId: userId }),
    clock: clockOf(req, ctx.state.lang),
    ...extra,
  };
}

/** Runs one posted action; the notice to show after it, or where to go. */
async function act(req: Request, ctx: SignedInContext<UserPageData>): Promise<string> {
  const form = await readForm(req, ctx);
  const { accounts, db } = ctx.state.services;
  const actor = ctx.state.user.id;
  const userId = idOf(ctx);
  switch (field(form, "action")) {
    case "role":
      await grantRole(db, actor, userId, field(form, "role") as Role);
      return "admin.done.role";
    case "suspend":
      await suspendUser(accounts, actor, userId, field(form, "reason"));
      return "admin.done.suspended";
    case "unsuspend":
      await unsuspendUser(accounts, actor, userId);
      return "admin.done.unsuspended";
    case "resetTwoFactor":
      await resetTwoFactor(accounts, actor, userId, field(form, "identityCheck"));
      return "admin.done.twoFactor";
    case "forcePasswordReset": {
      const { mailed } = await forcePasswordReset(accounts, actor, userId, originOf(req, ctx));
      return mailed ? "admin.done.passwordReset" : "admin.done.passwordResetNoMail";
    }
    case "delete":
      await deleteUser(accounts, actor, userId, field(form, "confirm"));
      return "/admin/users";
  }
  throw new HttpError(400, "No such action");
}

export const handler = withRole<UserPageData>("admin", {
  async GET(req, ctx) {
    const done = new URL(req.url).searchParams.get("done") as MessageKey | null;
    const notice = done && NOTICES.includes(done) ? done : undefined;
    return ctx.render(await pageData(req, ctx, { notice }));
  },
  async POST(req, ctx) {
    try {
      const outcome = await act(req, ctx);
      return seeOther(
        outcome.startsWith("/") ? outcome : `/admin/users/${idOf(ctx)}?done=${outcome}`,
      );
    } catch (error) {
      if (!(error instanceof AdminError) || error.code === "notFound") throw error;
      return ctx.render(await pageData(req, ctx, { error }), { status: error.status });
    }
  },
});

export default function UserPage({ data, state }: PageProps<UserPageData, SignedInState>) {
  return (
    <AdminPage
      state={state}
      section="users"
      title={state.t("admin.user.title", { username: data.user.username })}
    >
      <UserActions data={data} state={state} />
    </AdminPage>
  );
}
