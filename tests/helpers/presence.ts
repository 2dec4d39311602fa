/** Waiting for Parley to count a user gone: no process holds a connection of theirs. */
import type { Db } from "../../db/mod.ts";
import { until } from "./wait.ts";

/** Resolves once no process counts `userId` online (its last socket has gone), within 5 s. */
export async function offline(db: Db, userId: number): Promise<void> {
  await until(
    async () => {
      const [row] = await db.query<{ online: boolean }>(
        "select coalesce(online_until > now(), false) as online from users where id = $1",
        [userId],
      );
      return !row.online;
    },
    5_000,
    `user ${userId} offline`,
  );
}
