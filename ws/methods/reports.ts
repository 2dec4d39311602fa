/** Reporting a message to the administrators over the socket (v2). */
import * as v from "valibot";
import { REPORT_REASONS } from "../../admin/report_reasons.ts";
import { NOTE_MAX, reportMessage } from "../../admin/reports.ts";
import { defineMethod } from "../method.ts";
import { text } from "../text.ts";

const id = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER));

export const messagesReport = defineMethod({
  params: v.object({
    messageId: id,
    reason: v.picklist(REPORT_REASONS),
    note: v.optional(text(NOTE_MAX)),
  }),
  auth: true,
  run: async (params, { services, session }) => {
    await reportMessage(services.db, session.userId, params);
    return {};
  },
});
