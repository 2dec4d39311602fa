/**
 * PGlite on a thread of its own, behind the same `Db` interface.
 *
 * PGlite runs PostgreSQL in the thread that calls it, so while a statement ran there, no socket
 * was read or written: a frame that came during a batch's store waited for it, and the server's
 * one thread did both jobs. In a worker, the statements run beside the sockets. Where workers
 * cannot be started, PGlite opens on the calling thread, as it did before.
 */
import { type Db, DbUnavailableError, type Queryable } from "./types.ts";
import type { Call, Reply, WireError } from "./pglite_wire.ts";

interface Waiting {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** The error the worker described, with its code and constraint, as `uniqueViolation` reads them. */
function fromWire(wire: WireError): Error {
  return Object.assign(new Error(wire.message), wire);
}

/** Opens PGlite as `openPglite` does, in a worker. */
export async function openPgliteThread(
  dataDir?: string,
  from?: Blob,
  options?: { checkpointEveryMs?: number },
): Promise<Db & { dump(): Promise<Blob> }> {
  let worker: Worker;
  try {
    worker = new Worker(new URL("./pglite_worker.ts", import.meta.url), { type: "module" });
  } catch {
    // Loaded only here: otherwise PGlite's code is the worker's alone.
    const { openPglite } = await import("./pglite.ts");
    return await openPglite(dataDir, from, options);
  }
  const waiting = new Map<number, Waiting>();
  const listeners = new Map<number, (payload: string) => void>();
  let lastId = 0;
  /** Why no more requests can be answered, once none can. */
  let ended: Error | undefined;

  worker.onmessage = ({ data }: MessageEvent<Reply>) => {
    if (data.notification !== undefined) return listeners.get(data.id)?.(data.notification);
    const call = waiting.get(data.id);
    waiting.delete(data.id);
    if (data.error) call?.reject(fromWire(data.error));
    else call?.resolve(data.value);
  };
  // PGlite aborts on a fault in its WebAssembly: every request waiting, and every later one, fails
  // as a database that cannot be reached, and the server goes on.
  worker.onerror = (event) => {
    event.preventDefault();
    end(new DbUnavailableError(event.error ?? new Error(event.message)));
  };
  function end(why: Error) {
    ended = why;
    worker.terminate();
    for (const call of waiting.values()) call.reject(why);
    waiting.clear();
  }

  function send<T>(request: Call, transfer: Transferable[] = []) {
    const id = ++lastId;
    const { promise, resolve, reject } = Promise.withResolvers<T>();
    if (ended) {
      reject(ended);
      return { id, reply: promise };
    }
    try {
      // Throws for a parameter that cannot be copied to another thread, a function say.
      worker.postMessage({ ...request, id }, transfer);
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
    } catch (error) {
      reject(error as Error);
    }
    return { id, reply: promise };
  }
  const call = <T = void>(request: Call, transfer?: Transferable[]) =>
    send<T>(request, transfer).reply;

  const queryable = (tx?: number): Queryable => ({
    query: <Row>(sql: string, params?: unknown[]) => call<Row[]>({ op: "query", sql, params, tx }),
    exec: (sql: string) => call({ op: "exec", sql, tx }),
  });

  const bytes = await from?.arrayBuffer();
  try {
    await call({ op: "open", dataDir, from: bytes, options }, bytes ? [bytes] : []);
  } catch (error) {
    worker.terminate();
    throw error;
  }

  return {
    kind: "pglite",
    ...queryable(),
    async transaction(work) {
      const begun = send({ op: "begin" });
      await begun.reply;
      let result;
      try {
        result = await work(queryable(begun.id));
      } catch (error) {
        // What went wrong is `error`; a rollback that fails too has nothing to add to it.
        await call({ op: "end", tx: begun.id, commit: false }).catch(() => {});
        throw error;
      }
      await call({ op: "end", tx: begun.id, commit: true });
      return result;
    },
    async listen(channel, onPayload) {
      const listening = send({ op: "listen", channel });
      listeners.set(listening.id, onPayload);
      try {
        await listening.reply;
      } catch (error) {
        listeners.delete(listening.id);
        throw error;
      }
      return async () => {
        listeners.delete(listening.id);
        await call({ op: "unlisten", listen: listening.id });
      };
    },
    notify: (channel, payload) => call({ op: "notify", channel, payload }),
    dump: async () => new Blob([await call<ArrayBuffer>({ op: "dump" })]),
    async close() {
      if (ended) return;
      await call({ op: "close" });
      end(new Error("The database is closed"));
    },
  };
}
