/** The JavaScript /im makes the browser load, followed through its imports, in gzip bytes. */
import { seedUsers } from "./seed.ts";
import { benchDatabase, type DbKind, startParley } from "./target.ts";

async function gzipSize(bytes: Uint8Array): Promise<number> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

export async function pageWeight(kind: DbKind): Promise<
  { files: number; gzipBytes: number; rawBytes: number }
> {
  const database = await benchDatabase(kind);
  try {
    const db = await database.open();
    const [me] = await seedUsers(db, "wt", 1);
    await db.close();
    const target = await startParley(database);
    try {
      const html = await (await fetch(new URL("/im", target.url), {
        headers: { cookie: `parley_session=${me.token}` },
      })).text();
      const pending = [...html.matchAll(/(?:from|import)\s*"(\/_islands\/[^"]+\.js)"/g)].map((m) =>
        m[1]
      );
      const seen = new Set<string>();
      let gzipBytes = 0;
      let rawBytes = 0;
      while (pending.length > 0) {
        const path = pending.pop()!;
        if (seen.has(path)) continue;
        seen.add(path);
        const bytes = new Uint8Array(await (await fetch(new URL(path, target.url))).arrayBuffer());
        rawBytes += bytes.length;
        gzipBytes += await gzipSize(bytes);
        const text = new TextDecoder().decode(bytes);
        // Static imports only: what loads with the page, not what a click may load later.
        for (
          const m of text.matchAll(
            /(?:^|[;}\n])\s*import\s*(?:[^"'()]*?from\s*)?["'](\.\/[^"']+\.js)["']/g,
          )
        ) {
          pending.push(new URL(m[1], new URL(path, "http://x")).pathname);
        }
      }
      return { files: seen.size, gzipBytes, rawBytes };
    } finally {
      await target.stop();
    }
  } finally {
    await database.drop();
  }
}
