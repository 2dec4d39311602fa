/** What a user's files take, by kind, against their quota: shown on the account page. */
import type { Queryable } from "../db/mod.ts";

/** Sent files by kind, and `waiting`: uploaded or uploading, not sent yet. */
export type UsageKind = "image" | "video" | "audio" | "file" | "waiting";

export interface StorageUse {
  quotaBytes: number;
  usedBytes: number;
  byKind: { kind: UsageKind; count: number; bytes: number }[];
}

const ORDER: UsageKind[] = ["image", "video", "audio", "file", "waiting"];

export async function storageUse(
  db: Queryable,
  userId: number,
  quotaBytes: number,
): Promise<StorageUse> {
  const rows = await db.query<{ kind: UsageKind; count: number; bytes: string | number }>(
    `select case when message_id is null then 'waiting' else kind end as kind,
       count(*)::int as count, sum(size) as bytes
     from uploads where owner_id = $1 group by 1`,
    [userId],
  );
  const byKind = rows.map((row) => ({ kind: row.kind, count: row.count, bytes: Number(row.bytes) }))
    .sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  return { quotaBytes, usedBytes: byKind.reduce((sum, k) => sum + k.bytes, 0), byKind };
}
