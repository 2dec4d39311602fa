/**
 * Message search on a large installation: `messages` messages in 10,000 groups, the searcher a
 * member of 200 of them. The text is real prose, Russian and English: runs of words from the
 * help center's articles, so that words are as frequent and as inflected as in writing. Each
 * query is one word of four letters or more, picked from the text as it runs (a common word is
 * asked as often as it is written). Parley starts on the seeded database and builds the search
 * indexes itself; a message is sent every 50 ms meanwhile, to show whether the build holds sends.
 */
import { median, percentile } from "./stats.ts";
import { seedUsers } from "./seed.ts";
import { benchDatabase, type DbKind, startParley } from "./target.ts";
import type { Db } from "../db/mod.ts";

export interface SearchFigures {
  p50: number;
  p99: number;
  /** How long Parley took to build the indexes after it started. */
  buildSeconds: number;
  /** Sends during the build: their answer times. */
  sendP50: number;
  sendP99: number;
}

const CHATS = 10_000;
/** Every this many chats the searcher is in. */
const EVERY = 50;

/** The help center's prose as words, articles in both languages one after another. */
export async function corpus(): Promise<string[]> {
  const words: string[] = [];
  for (const lang of ["en", "ru"]) {
    const dir = new URL(`../help/${lang}/`, import.meta.url);
    for await (const entry of Deno.readDir(dir)) {
      const text = await Deno.readTextFile(new URL(entry.name, dir));
      const body = text.replace(/^---[\s\S]*?---/, "").replace(/[#*\x60>[\]()|_]/g, " ");
      words.push(...body.split(/\s+/).filter((word) => word.length > 0));
    }
  }
  return words;
}

/** The installation; returns the searcher and one of their chats. */
export async function seed(db: Db, messages: number, words: string[]) {
  const [searcher, writer] = await seedUsers(db, "finder", 2);
  await db.query(
    `insert into chats (kind, title, created_by) select 'group', 'Group ' || g, $1
     from generate_series(1, $2) g`,
    [writer.id, CHATS],
  );
  const [{ first }] = await db.query<{ first: number }>(
    "select min(id) as first from chats where kind = 'group'",
  );
  await db.query(
    `insert into chat_members (chat_id, user_id, role)
     select c, $2::bigint, 'owner' from generate_series($1::bigint, $1::bigint + $3 - 1) c
     union all
     select c, $4::bigint, 'member' from generate_series($1::bigint, $1::bigint + $3 - 1, $5) c`,
    [first, writer.id, CHATS, searcher.id, EVERY],
  );
  // Texts of 4 to 14 words, each a run of the corpus from a pseudo-random place.
  const texts = Array.from({ length: 20_000 }, (_, i) => {
    const start = (i * 7_919) % (words.length - 14);
    return words.slice(start, start + 4 + (i % 11)).join(" ");
  });
  const BATCH = 250_000;
  for (let start = 0; start < messages; start += BATCH) {
    await db.query(
      `insert into messages (chat_id, sender_id, content, seq, created_at)
       select $1::bigint + n % $2::int, $3::bigint, ($4::text[])[1 + (n * 31) % $5::int], n / $2::int + 1,
         now() - make_interval(secs => $6::bigint - n)
       from generate_series($7::bigint, $7::bigint + $8 - 1) n`,
      [
        first,
        CHATS,
        writer.id,
        texts,
        texts.length,
        messages,
        start,
        Math.min(BATCH, messages - start),
      ],
    );
  }
  await db.query("update chats set last_seq = $1::bigint / $2 + 1 where kind = 'group'", [
    messages,
    CHATS,
  ]);
  await db.query("analyze");
  return { searcher, chatId: first };
}

/** One request over `socket`, answered. */
function ask(socket: WebSocket, id: number, method: string, params: unknown) {
  return new Promise<{ status: number; result: Record<string, unknown> }>((resolve) => {
    socket.onmessage = (event) => {
      const frame = JSON.parse(String(event.data));
      if (frame.id === id) resolve(frame);
    };
    socket.send(JSON.stringify({ id, method, params }));
  });
}

export async function searchSpeed(
  kind: DbKind,
  options: { messages: number; queries: number },
): Promise<SearchFigures> {
  const words = await corpus();
  const database = await benchDatabase(kind);
  try {
    const seeding = await database.open();
    const { searcher, chatId } = await seed(seeding, options.messages, words);
    await seeding.close();
    const started = performance.now();
    const target = await startParley(database);
    try {
      const socket = new WebSocket(
        target.wsUrls[0],
        { headers: { cookie: `parley_session=${searcher.token}` } } as unknown as string[],
      );
      await new Promise((resolve) => socket.onopen = resolve);
      let id = 0;
      const timed = async (method: string, params: unknown) => {
        const t = performance.now();
        const answer = await ask(socket, ++id, method, params);
        if (answer.status !== 200) throw new Error(`${method} answered ${answer.status}`);
        return { answer, ms: performance.now() - t };
      };

      const built = target.printed(/Search indexes built/);
      let building = true;
      built.then(() => building = false);
      const sends: number[] = [];
      while (building) {
        const content = `sent while the indexes are built ${sends.length}`;
        sends.push((await timed("messages.send", { chatId, content, clientId: content })).ms);
        await Promise.race([built, new Promise((wait) => setTimeout(wait, 50))]);
      }
      const buildSeconds = (performance.now() - started) / 1000;

      const queries = words.filter((word) => /^[\p{L}]{4,}$/u.test(word));
      const times: number[] = [];
      let found = 0;
      for (let i = 0; i < options.queries + 5; i++) {
        const query = queries[(i * 104_729) % queries.length];
        const { answer, ms } = await timed("messages.search", { query });
        if ((answer.result.hits as unknown[]).length > 0) found++;
        if (i >= 5) times.push(ms); // the first few warm the server up
      }
      if (found < options.queries / 2) throw new Error(`only ${found} queries found anything`);
      socket.close();
      return {
        p50: median(times),
        p99: percentile(times, 99),
        buildSeconds,
        sendP50: median(sends),
        sendP99: percentile(sends, 99),
      };
    } finally {
      await target.stop();
    }
  } finally {
    await database.drop();
  }
}
