/** The words a ticket's conversation shows, in the reader's language. */
import type { Translate } from "../../i18n/mod.ts";

export function ticketLabels(t: Translate) {
  return {
    you: t("tickets.you"),
    support: t("tickets.support"),
    note: t("admin.ticket.note"),
    guest: t("admin.ticket.guest"),
    answer: t("tickets.answer"),
    send: t("tickets.send"),
    closed: t("tickets.closed"),
    solved: t("tickets.solved"),
  };
}

/** The words of the file picker of a ticket's forms. */
export function attachLabels(t: Translate) {
  return {
    attach: t("tickets.attach"),
    uploading: t("tickets.uploading"),
    failed: t("tickets.uploadFailed"),
    remove: t("tickets.removeFile"),
  };
}
