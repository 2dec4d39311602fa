/** Web Push subscriptions over the socket (v2): this device's, tied to this session. */
import * as v from "valibot";
import { dropSubscription, saveSubscription } from "../../push/subscriptions.ts";
import { defineMethod } from "../method.ts";

const base64url = (min: number, max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^[A-Za-z0-9_-]+=*$/, "must be base64url"),
    v.minLength(min),
    v.maxLength(max),
  );

export const pushSubscribe = defineMethod({
  params: v.object({
    endpoint: v.pipe(v.string(), v.url(), v.maxLength(2_048)),
    // A P-256 public key (65 bytes) and a 16-byte secret, as browsers give them.
    keys: v.object({ p256dh: base64url(80, 100), auth: base64url(16, 32) }),
  }),
  auth: true,
  run: async (subscription, { services, session }) => {
    await saveSubscription(services.db, session, subscription, services.config.pushServices);
    return {};
  },
});

export const pushUnsubscribe = defineMethod({
  params: v.object({}),
  auth: true,
  run: async (_params, { services, session }) => {
    await dropSubscription(services.db, session.tokenId);
    return {};
  },
});
