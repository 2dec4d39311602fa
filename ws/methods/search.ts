/** Message search over the socket (v2). */
import * as v from "valibot";
import { searchMessages } from "../../chats/search.ts";
import { text } from "../text.ts";
import { defineMethod } from "../method.ts";

const id = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER));
const moment = v.pipe(v.string(), v.isoTimestamp(), v.transform((value) => new Date(value)));

export const messagesSearch = defineMethod({
  params: v.object({
    query: text(200),
    chatId: v.optional(id),
    from: v.optional(text(64, 1)),
    hasFiles: v.optional(v.boolean()),
    since: v.optional(moment),
    until: v.optional(moment),
    after: v.optional(v.object({ rank: v.pipe(v.number(), v.finite()), id })),
    limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(50)), 20),
  }),
  auth: true,
  run: ({ query, after, limit, ...filters }, { services, session }) =>
    searchMessages(services.db, session.userId, query, filters, { after, limit }),
});
