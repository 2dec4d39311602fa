/**
 * Messages written but not yet acknowledged, kept in localStorage so that they survive a
 * dropped connection (and a reload) and are sent again with the same client id: the server
 * stores each client id once, so a resend never duplicates.
 *
 * One send loop at a time: a message is sent, in the order written, and sent again only once its
 * answer is lost with its connection, never while its answer may still come.
 */
import type { Attachment } from "../../chats/message_rows.ts";
import type { Wire } from "../../ws/protocol.ts";

export interface Queued {
  clientId: string;
  chatId: number;
  content: string;
  replyTo?: number;
  createdAt: string;
  /** "sticker" for a sticker, whose content is its name. */
  contentType?: "sticker";
  /** Its files, uploaded already: only their ids are sent. */
  attachments?: Wire<Attachment>[];
}

/** A message written now, for the outbox. */
export function queued(
  chatId: number,
  fields: Omit<Queued, "clientId" | "chatId" | "createdAt">,
): Queued {
  return { clientId: crypto.randomUUID(), chatId, createdAt: new Date().toISOString(), ...fields };
}

/** What became of one send: stored, refused by the server, or not answered (connection gone). */
export type SendOutcome = "stored" | "refused" | "unanswered";

export class Outbox {
  readonly #key: string;
  #sending = false;
  #again = false;

  constructor(userId: number) {
    this.#key = `parley.outbox.${userId}`;
  }

  all(): Queued[] {
    try {
      return JSON.parse(localStorage.getItem(this.#key) ?? "[]");
    } catch {
      return [];
    }
  }

  add(item: Queued): void {
    this.#save([...this.all(), item]);
  }

  remove(clientId: string): void {
    this.#save(this.all().filter((item) => item.clientId !== clientId));
  }

  /**
   * Sends what waits, one message after another, each once. Called while a loop is running, it
   * has that loop look again when it is done. Stops at the first message left unanswered: the
   * rest waits for the next connection.
   */
  async flush(send: (item: Queued) => Promise<SendOutcome>): Promise<void> {
    if (this.#sending) {
      this.#again = true;
      return;
    }
    this.#sending = true;
    try {
      do {
        this.#again = false;
        for (const item of this.all()) {
          if (await send(item) === "unanswered") return;
          this.remove(item.clientId);
        }
      } while (this.#again);
    } finally {
      this.#sending = false;
    }
  }

  #save(items: Queued[]): void {
    localStorage.setItem(this.#key, JSON.stringify(items));
  }
}
