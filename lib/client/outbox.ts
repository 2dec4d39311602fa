/**
 * Messages written but not yet acknowledged, kept in localStorage so that they survive a
 * dropped connection (and a reload) and are sent again with the same client id: the server
 * stores each client id once, so a resend never duplicates.
 */

export interface Queued {
  clientId: string;
  chatId: number;
  content: string;
  replyTo?: number;
  createdAt: string;
}

export class Outbox {
  readonly #key: string;

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

  #save(items: Queued[]): void {
    localStorage.setItem(this.#key, JSON.stringify(items));
  }
}
