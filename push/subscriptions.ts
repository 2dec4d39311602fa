/**
 * The devices a user gets notifications on: one push subscription per signed-in session. A
 * session that ends takes its subscription with it: nothing is sent to an ended session's device,
 * and the sweeper's removal of the session removes the subscription.
 */
import type { Queryable } from "../db/mod.ts";
import { HttpError } from "../framework/http_error.ts";
import { allowedEndpoint } from "./endpoints.ts";

/** A browser's push subscription, as `PushSubscription.toJSON()` gives it. */
export interface PushSubscriptionJson {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** A device to notify: its subscription and whose session it belongs to. */
export interface Device extends PushSubscriptionJson {
  id: number;
  userId: number;
  tokenId: number;
}

/**
 * Keeps `subscription` for the session `tokenId` of `userId`, in place of any other the session
 * had. An endpoint is one browser's: when another session (another account signed in in the same
 * browser) had it, it moves here.
 */
export async function saveSubscription(
  db: Queryable,
  session: { userId: number; tokenId: number },
  subscription: PushSubscriptionJson,
  services: readonly string[],
): Promise<void> {
  if (!allowedEndpoint(subscription.endpoint, services)) {
    throw new HttpError(422, "endpoint: not a push service this server sends to");
  }
  await db.query(
    `with gone as (delete from push_subscriptions where token_id = $2 and endpoint <> $3)
     insert into push_subscriptions (user_id, token_id, endpoint, p256dh, auth)
     values ($1, $2, $3, $4, $5)
     on conflict (endpoint) do update set user_id = excluded.user_id,
       token_id = excluded.token_id, p256dh = excluded.p256dh, auth = excluded.auth`,
    [
      session.userId,
      session.tokenId,
      subscription.endpoint,
      subscription.keys.p256dh,
      subscription.keys.auth,
    ],
  );
}

/** Forgets the subscription of session `tokenId` (notifications turned off on that device). */
export async function dropSubscription(db: Queryable, tokenId: number): Promise<void> {
  await db.query("delete from push_subscriptions where token_id = $1", [tokenId]);
}

/** Forgets a subscription its push service said is gone (404 or 410). */
export async function forgetEndpoint(db: Queryable, endpoint: string): Promise<void> {
  await db.query("delete from push_subscriptions where endpoint = $1", [endpoint]);
}

/** The devices of `userIds` whose sessions are live. */
export async function devicesOf(db: Queryable, userIds: readonly number[]): Promise<Device[]> {
  if (userIds.length === 0) return [];
  const rows = await db.query<
    {
      id: number;
      user_id: number;
      token_id: number;
      endpoint: string;
      p256dh: string;
      auth: string;
    }
  >(
    `select p.id, p.user_id, p.token_id, p.endpoint, p.p256dh, p.auth
     from push_subscriptions p join tokens t on t.id = p.token_id
     where p.user_id = any($1::bigint[]) and t.revoked_at is null and t.expires_at > now()`,
    [userIds],
  );
  return rows.map((row) => ({
    id: row.id,
    userId: row.user_id,
    tokenId: row.token_id,
    endpoint: row.endpoint,
    keys: { p256dh: row.p256dh, auth: row.auth },
  }));
}
