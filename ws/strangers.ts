/**
 * Connections that have not shown a session yet (no cookie, no sign-in, no request with a valid
 * token): at most `perIp` from one address in this process, and each closed if it stays so for
 * `signInSeconds`. Without this, one address could hold open sockets without end and never sign in.
 */
import { CloseCode, type Connection } from "./connection.ts";

export interface StrangerLimits {
  perIp: number;
  signInSeconds: number;
}

export class Strangers {
  readonly #byIp = new Map<string, number>();
  readonly #timers = new Map<Connection, ReturnType<typeof setTimeout>>();

  constructor(readonly limits: StrangerLimits) {}

  /** Whether `ip` holds as many such connections as it may. */
  full(ip: string): boolean {
    return (this.#byIp.get(ip) ?? 0) >= this.limits.perIp;
  }

  add(conn: Connection): void {
    this.#byIp.set(conn.ip, (this.#byIp.get(conn.ip) ?? 0) + 1);
    this.#timers.set(
      conn,
      setTimeout(() => {
        conn.close(CloseCode.policyViolation, `Sign in within ${this.limits.signInSeconds} s`);
      }, this.limits.signInSeconds * 1000),
    );
  }

  /** Forgets `conn`: it signed in, or closed. */
  remove(conn: Connection): void {
    const timer = this.#timers.get(conn);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.#timers.delete(conn);
    const left = this.#byIp.get(conn.ip)! - 1;
    if (left > 0) this.#byIp.set(conn.ip, left);
    else this.#byIp.delete(conn.ip);
  }

  /** Forgets every connection, as at shutdown. */
  clear(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#byIp.clear();
  }
}
