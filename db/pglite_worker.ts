/// <reference lib="deno.worker" />
/**
 * PGlite on a thread of its own (`pglite_thread.ts` is the other side). It answers each request
 * by its id; a transaction stays open, its statements tagged with its id, until the server ends it.
 */
import { openPglite } from "./pglite.ts";
import type { Queryable } from "./types.ts";
import type { Reply, Request, WireError } from "./pglite_wire.ts";

type Opened = Awaited<ReturnType<typeof openPglite>>;

let db: Opened | undefined;
/** Open transactions by the id of the request that began them, and how each is to end. */
const transactions = new Map<
  number,
  { tx: Queryable; end: (how: { commit: boolean; id: number }) => void }
>();
const listening = new Map<number, () => Promise<void>>();

/** Thrown inside a transaction that the server rolls back, so that PGlite rolls it back. */
const ROLLBACK = Symbol("rollback");

const answer = (reply: Reply, transfer: Transferable[] = []) => self.postMessage(reply, transfer);

/** What of a database error the server reads: its code and constraint name among them. */
function wireError(error: unknown): WireError {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields = error as Error & Record<string, unknown>;
  const wire: WireError = { name: error.name, message: error.message };
  for (const key of ["code", "constraint", "detail", "table", "column", "schema"] as const) {
    if (typeof fields[key] === "string") wire[key] = fields[key] as string;
  }
  return wire;
}

/** The transaction a `begin` with id `tx` opened, which must still be open. */
function openTransaction(tx: number) {
  const open = transactions.get(tx);
  if (!open) throw new Error(`No open transaction ${tx}`);
  return open;
}

async function handle(request: Request): Promise<void> {
  const { id } = request;
  if (request.op === "open") {
    const from = request.from ? new Blob([request.from]) : undefined;
    db = await openPglite(request.dataDir, from, request.options);
    return answer({ id });
  }
  if (!db) throw new Error("The database is not open");
  const target = (tx?: number): Queryable => tx === undefined ? db! : openTransaction(tx).tx;
  switch (request.op) {
    case "query":
      return answer({ id, value: await target(request.tx).query(request.sql, request.params) });
    case "exec":
      await target(request.tx).exec(request.sql);
      return answer({ id });
    case "begin": {
      const ending = Promise.withResolvers<{ commit: boolean; id: number }>();
      let began = false;
      db.transaction(async (tx) => {
        transactions.set(id, { tx, end: ending.resolve });
        began = true;
        answer({ id });
        if (!(await ending.promise).commit) throw ROLLBACK;
      }).then(
        async () => answer({ id: (await ending.promise).id }),
        // The request that ends a transaction is answered once PGlite has committed or rolled back.
        async (error) => {
          if (!began) return answer({ id, error: wireError(error) });
          const ended = (await ending.promise).id;
          answer(error === ROLLBACK ? { id: ended } : { id: ended, error: wireError(error) });
        },
      ).finally(() => transactions.delete(id));
      return;
    }
    case "end":
      return openTransaction(request.tx).end({ commit: request.commit, id });
    case "listen":
      listening.set(
        id,
        await db.listen(request.channel, (payload) => answer({ id, notification: payload })),
      );
      return answer({ id });
    case "unlisten":
      await listening.get(request.listen)?.();
      listening.delete(request.listen);
      return answer({ id });
    case "notify":
      await db.notify(request.channel, request.payload);
      return answer({ id });
    case "dump": {
      const bytes = await (await db.dump()).arrayBuffer();
      return answer({ id, value: bytes }, [bytes]);
    }
    case "close":
      await db.close();
      db = undefined;
      return answer({ id });
  }
}

self.onmessage = ({ data }: MessageEvent<Request>) => {
  handle(data).catch((error) => answer({ id: data.id, error: wireError(error) }));
};
