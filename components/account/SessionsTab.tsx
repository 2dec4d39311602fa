/** The devices signed in, and which get notifications: revoke one, or every one but this. */
import { AccountForm, type TabProps } from "./AccountForm.tsx";

/** "Firefox on Linux" from a user agent, without a parser dependency for a label. */
export function deviceOf(userAgent: string | null): string {
  if (!userAgent) return "—";
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Firefox\//.test(userAgent)
    ? "Firefox"
    : /Chrome\//.test(userAgent)
    ? "Chrome"
    : /Safari\//.test(userAgent)
    ? "Safari"
    : userAgent.split(/[\s/]/)[0];
  const os = /Android/.test(userAgent)
    ? "Android"
    : /iPhone|iPad/.test(userAgent)
    ? "iOS"
    : /Windows/.test(userAgent)
    ? "Windows"
    : /Mac OS X/.test(userAgent)
    ? "macOS"
    : /Linux/.test(userAgent)
    ? "Linux"
    : "";
  return os ? `${browser}, ${os}` : browser;
}

function when(date: Date): string {
  return date.toISOString().slice(0, 16).replace("T", " ") + " UTC";
}

export function SessionsTab({ data, state }: TabProps) {
  const { t } = state;
  const current = state.session.tokenId;
  return (
    <>
      <p>{t("account.sessions.lead")}</p>
      <ul class="sessions">
        {data.sessions.map((session) => (
          <li key={session.id} class="session" data-session-id={session.id}>
            <div>
              <strong>{deviceOf(session.userAgent)}</strong>{" "}
              {session.id === current && <span class="tag ok">{t("account.sessions.current")}
              </span>}{" "}
              {session.notifications && (
                <span class="tag">🔔 {t("account.sessions.notifications")}</span>
              )}
              <p class="muted">
                {session.ip ?? "—"} ·{" "}
                {t("account.sessions.lastUsed", { time: when(session.lastUsedAt) })} ·{" "}
                {t("account.sessions.created", { time: when(session.createdAt) })}
              </p>
            </div>
            {session.id !== current && (
              <AccountForm state={state} tab="sessions" action="revoke" stack={false}>
                <input type="hidden" name="id" value={session.id} />
                <button type="submit">{t("account.sessions.revoke")}</button>
              </AccountForm>
            )}
          </li>
        ))}
      </ul>
      {data.sessions.length > 1 && (
        <AccountForm state={state} tab="sessions" action="revokeOthers" stack={false}>
          <button type="submit" class="danger">{t("account.sessions.revokeOthers")}</button>
        </AccountForm>
      )}
    </>
  );
}
