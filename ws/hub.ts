/** Every open connection of this process: accepts new sockets and feeds their frames to the dispatcher. */
import type { Logger } from "../lib/log.ts";
import type { ChatEvent } from "../chats/events.ts";
import { CloseCode, Connection, type Session } from "./connection.ts";
import type { Dispatcher } from "./dispatcher.ts";
import { type StrangerLimits, Strangers } from "./strangers.ts";

/** What the hub needs. */
export interface HubOptions {
  dispatcher: Dispatcher;
  log: Logger;
  /** Called when a signed-in user's first connection of this process opens. */
  onUserJoined?: (userId: number) => void;
  /** Called when a signed-in user's last connection of this process closes. */
  onUserLeft?: (userId: number) => void;
  /** Frames larger than this close the connection with 1009. */
  maxFrameBytes: number;
  /** Connections without a session: how many an address may hold, and how long they may stay. */
  strangers: StrangerLimits;
}

/** The connections of one server process. */
export class Hub {
  readonly #connections = new Set<Connection>();
  /** Open connections by signed-in user: pushes go straight to their recipients. */
  readonly #byUser = new Map<number, Set<Connection>>();
  /** Each socket's connection, for the listeners that all sockets share. */
  readonly #bySocket = new WeakMap<WebSocket, Connection>();
  readonly #options: HubOptions;
  readonly #strangers: Strangers;

  constructor(options: HubOptions) {
    this.#options = options;
    this.#strangers = new Strangers(options.strangers);
  }

  get size(): number {
    return this.#connections.size;
  }

  /** Takes over a freshly upgraded socket. */
  accept(
    socket: WebSocket,
    info: { ip: string; userAgent: string; origin?: string; session?: Session },
  ): Connection {
    const conn = new Connection(socket, info);
    conn.onSessionChange = this.#onSessionChange;
    conn.onClosing = this.#onClosing;
    if (!conn.trusted) {
      this.#strangers.add(conn);
      conn.onTrusted = this.#onTrusted;
    }
    this.#bySocket.set(socket, conn);
    // The same listeners for every socket, finding the connection by the event's target: a
    // closure per socket and event is memory that 100,000 idle sockets would multiply. No
    // listener for "error": a failed socket is also closed, and its close tells the same.
    socket.addEventListener("open", this.#onOpen);
    socket.addEventListener("close", this.#onClose);
    socket.addEventListener("message", this.#onMessage);
    return conn;
  }

  #connectionOf(event: Event): Connection {
    return this.#bySocket.get(event.target as WebSocket)!;
  }

  readonly #onOpen = (event: Event) => {
    const conn = this.#connectionOf(event);
    this.#connections.add(conn);
    this.#index(conn, conn.session?.userId);
  };

  readonly #onClose = (event: CloseEvent) => {
    const conn = this.#connectionOf(event);
    if (!event.wasClean) {
      this.#options.log.debug("WebSocket failed", {
        conn: conn.id,
        code: event.code,
        reason: event.reason,
      });
    }
    this.#strangers.remove(conn);
    if (!this.#connections.delete(conn)) return;
    this.#unindex(conn, conn.session?.userId);
  };

  /**
   * A connection the server closes leaves its user's connections at once: its socket may linger
   * for as long as a peer that does not read keeps it, and must not keep the user online. It
   * still counts, towards the connections open and its address's strangers, until it is gone.
   */
  readonly #onClosing = (conn: Connection) => this.#unindex(conn, conn.session?.userId);

  readonly #onTrusted = (conn: Connection) => this.#strangers.remove(conn);

  /** Whether `ip` may open another connection without a session. */
  admitsStranger(ip: string): boolean {
    return !this.#strangers.full(ip);
  }

  readonly #onSessionChange = (changed: Connection, before: Session | undefined) => {
    if (!this.#connections.has(changed) || changed.closing) return;
    if (before?.userId === changed.session?.userId) return;
    this.#unindex(changed, before?.userId);
    this.#index(changed, changed.session?.userId);
  };

  readonly #onMessage = (event: MessageEvent) => {
    const conn = this.#connectionOf(event);
    const { dispatcher, log, maxFrameBytes } = this.#options;
    if (typeof event.data !== "string") {
      conn.send(dispatcher.reject(conn, 422, "Binary frames are not supported; send JSON text"));
      return;
    }
    if (exceedsBytes(event.data, maxFrameBytes)) {
      conn.close(CloseCode.tooBig, `Frames are limited to ${maxFrameBytes} bytes`);
      return;
    }
    dispatcher.handle(conn, event.data).then((answer) => conn.send(answer), (error) => {
      log.error("Dispatcher failed", { conn: conn.id, error });
    });
  };

  /** Whether `userId` is signed in on a connection of this process. */
  isSignedIn(userId: number): boolean {
    return this.#byUser.has(userId);
  }

  /** The users signed in on at least one connection of this process. */
  signedInUsers(): Set<number> {
    return new Set(this.#byUser.keys());
  }

  /**
   * Sends one event to every signed-in v2 connection of `userIds` (each named once) but `except`;
   * it is serialised once, however many connections receive it.
   */
  pushToUsers(userIds: Iterable<number>, event: ChatEvent, except?: Connection): void {
    const frame = JSON.stringify(event);
    for (const userId of userIds) {
      for (const conn of this.#byUser.get(userId) ?? []) {
        if (conn.dialect === "v2" && conn !== except) conn.send(frame);
      }
    }
  }

  #index(conn: Connection, userId: number | undefined): void {
    if (userId === undefined) return;
    const connections = this.#byUser.get(userId);
    if (connections) {
      connections.add(conn);
      return;
    }
    this.#byUser.set(userId, new Set([conn]));
    this.#options.onUserJoined?.(userId);
  }

  /** Forgets `conn` under `userId`; the user's last connection leaving is reported. */
  #unindex(conn: Connection, userId: number | undefined): void {
    if (userId === undefined) return;
    const connections = this.#byUser.get(userId);
    if (!connections?.delete(conn) || connections.size > 0) return;
    this.#byUser.delete(userId);
    this.#options.onUserLeft?.(userId);
  }

  /**
   * Signs out the connections of sessions that ended (sign-out, revocation, password change):
   * they stay open, as signed-out connections, and are told so.
   */
  endSessions(tokenIds: Set<number>): void {
    for (const conn of this.#connections) {
      if (conn.session && tokenIds.has(conn.session.tokenId)) {
        conn.session = undefined;
        if (conn.dialect === "v2") conn.push({ event: "session.ended", data: {} });
      }
    }
  }

  /** Closes every connection, as at shutdown. */
  closeAll(code: number = CloseCode.goingAway, reason = "Server shutting down"): void {
    // Forgotten first: the users of a process going away are not reported leaving one by one.
    this.#strangers.clear();
    this.#byUser.clear();
    for (const conn of this.#connections) conn.close(code, reason);
    this.#connections.clear();
  }
}

/** Whether `text` encodes to more than `limit` UTF-8 bytes, without encoding short frames. */
export function exceedsBytes(text: string, limit: number): boolean {
  // A UTF-16 code unit takes one to three bytes in UTF-8.
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false;
  return new TextEncoder().encode(text).length > limit;
}
