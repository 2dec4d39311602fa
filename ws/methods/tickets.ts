/**
 * Support tickets over the socket (v2): a ticket's conversation as the caller may read it (staff
 * with their notes), and the asker's answer. Told of changes by `ticket.updated`, a page asks for
 * what came after the last message it shows.
 */
import * as v from "valibot";
import { roleAllows, roleOf } from "../../admin/roles.ts";
import { staffTicket } from "../../support/staff_desk.ts";
import { answerAsAsker, BODY_MAX, ownTicket, ticketThread } from "../../support/tickets.ts";
import { MAX_ATTACHMENTS } from "../../files/attachments.ts";
import { defineMethod } from "../method.ts";
import { text } from "../text.ts";

const id = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER));

export const ticketsThread = defineMethod({
  params: v.object({
    ticketId: id,
    after: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  }),
  auth: true,
  run: async ({ ticketId, after }, { services, session }) => {
    const { db } = services;
    const staff = roleAllows(await roleOf(db, session.userId), "support");
    const ticket = staff
      ? await staffTicket(db, ticketId)
      : await ownTicket(db, session.userId, ticketId);
    return {
      ticket: { id: ticket.id, status: ticket.status, subject: ticket.subject },
      messages: await ticketThread(db, ticketId, { withNotes: staff, after }),
    };
  },
});

export const ticketsAnswer = defineMethod({
  params: v.object({
    ticketId: id,
    body: text(BODY_MAX + 1_000),
    attachments: v.optional(v.pipe(v.array(text(64, 1)), v.maxLength(MAX_ATTACHMENTS))),
  }),
  auth: true,
  run: async ({ ticketId, body, attachments }, { services, session }) => {
    const ticket = await ownTicket(services.db, session.userId, ticketId);
    await answerAsAsker(services.db, ticket, body, attachments);
    return {};
  },
});
