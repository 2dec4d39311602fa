/** "Was this helpful?": one vote per reader and article, which they may change. */
import type { Queryable } from "../db/mod.ts";

export interface VoteCounts {
  helpful: number;
  total: number;
}

/** Records `voter`'s vote on article `slug`, replacing one they gave before. */
export async function vote(
  db: Queryable,
  slug: string,
  voter: string,
  helpful: boolean,
): Promise<void> {
  await db.query(
    `insert into help_votes (slug, voter, helpful) values ($1, $2, $3)
     on conflict (slug, voter) do update set helpful = excluded.helpful, voted_at = now()`,
    [slug, voter, helpful],
  );
}

/** How many found article `slug` helpful, of how many who said. */
export async function voteCounts(db: Queryable, slug: string): Promise<VoteCounts> {
  const [row] = await db.query<{ helpful: number; total: number }>(
    `select (count(*) filter (where helpful))::int as helpful, count(*)::int as total
     from help_votes where slug = $1`,
    [slug],
  );
  return { helpful: Number(row.helpful), total: Number(row.total) };
}
