/** The bench's file rows: a large upload on each database, and a photo's thumbnail. */
import { fileFigures } from "./files.ts";
import { round } from "./stats.ts";
import type { DbKind } from "./target.ts";
import { thumbnailSpeed } from "./thumbnail.ts";

interface Settings {
  kinds: DbKind[];
  quick: boolean;
  /** Each figure's median over the bench's runs. */
  medianOf<T>(measure: () => Promise<T>, pick: (t: T) => number[]): Promise<number[]>;
}

export async function filesSection(
  row: (...cells: string[]) => void,
  { kinds, quick, medianOf }: Settings,
): Promise<void> {
  const mebibytes = quick ? 5 : 100;
  for (const kind of kinds) {
    const [upload, rss, range, aloneP50, aloneP99, duringP50, duringP99] = await medianOf(
      () => fileFigures(kind, { mebibytes, sends: quick ? 20 : 200 }),
      (f) => [
        f.uploadMBps,
        f.rssGrowthMiB,
        f.rangeMBps,
        f.sendAlone.p50,
        f.sendAlone.p99,
        f.sendDuringUpload.p50,
        f.sendDuringUpload.p99,
      ],
    );
    row(
      "files",
      `a ${mebibytes} MiB upload in one request, then 8 MiB ranges of it, ${kind}`,
      `upload ${round(upload, 0)} MB/s, RSS +${round(rss, 1)} MiB at most`,
      `ranges read back at ${round(range, 0)} MB/s`,
      `messages sent one by one: p50 ${round(aloneP50, 2)} ms, p99 ${
        round(aloneP99, 2)
      } ms; during another such upload: p50 ${round(duringP50, 2)} ms, p99 ${
        round(duringP99, 2)
      } ms`,
    );
  }
  // A camera's 12 megapixels; a smoke run's smaller photo takes the same path in a fraction.
  const size = quick ? { width: 1200, height: 900 } : { width: 4000, height: 3000 };
  const thumbnail = await thumbnailSpeed(quick ? 1 : 3, size);
  row(
    "files",
    `a ${
      round((size.width * size.height) / 1e6, 1)
    }-megapixel JPEG's thumbnail and placeholder, in a worker`,
    `${round(thumbnail.ms, 0)} ms`,
    `${round(thumbnail.bytes / 1024 / 1024, 1)} MiB photo`,
    "",
  );
}
