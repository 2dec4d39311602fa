/**
 * Files over loopback: one large upload in a single request (its speed, and how much the server's
 * memory grows meanwhile: the body is streamed to storage, never held), ranges of it read back, and
 * messages sent while another large upload runs, against the same messages alone.
 */
import { median, percentile } from "./stats.ts";
import { seedPersonalChat, seedUsers } from "./seed.ts";
import { benchDatabase, type DbKind, startParley, type Target } from "./target.ts";

export interface FileFigures {
  mebibytes: number;
  uploadMBps: number;
  /** The server's RSS at its highest during the upload, over what it was before. */
  rssGrowthMiB: number;
  rangeMBps: number;
  sendAlone: { p50: number; p99: number };
  sendDuringUpload: { p50: number; p99: number };
}

const MIB = 1024 * 1024;
const RANGE_BYTES = 8 * MIB;

/**
 * Sends a PATCH of `mebibytes` over a plain TCP connection, 1 MiB per write, as a browser or curl
 * sends a file; returns the answer's status line. (Deno's fetch, given a stream for a body, sends it
 * many times slower than the server reads it, and would measure itself.)
 */
async function patch(url: URL, headers: Record<string, string>, mebibytes: number) {
  using connection = await Deno.connect({ hostname: url.hostname, port: Number(url.port) });
  const lines = [
    `PATCH ${url.pathname} HTTP/1.1`,
    `host: ${url.host}`,
    `content-length: ${mebibytes * MIB}`,
    "connection: close",
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  await write(connection, new TextEncoder().encode(lines.join("\r\n") + "\r\n\r\n"));
  // Each mebibyte a little different, so that the file is not one repeated block.
  const chunk = new Uint8Array(MIB).map((_, i) => 97 + (i % 26));
  for (let i = 0; i < mebibytes; i++) {
    chunk[0] = i % 256;
    await write(connection, chunk);
  }
  const answer = new Uint8Array(4096);
  const read = await connection.read(answer) ?? 0;
  return new TextDecoder().decode(answer.subarray(0, read)).split("\r\n")[0];
}

async function write(connection: Deno.Conn, bytes: Uint8Array) {
  for (let written = 0; written < bytes.byteLength;) {
    written += await connection.write(bytes.subarray(written));
  }
}

async function upload(target: Target, token: string, mebibytes: number): Promise<string> {
  const auth = { authorization: `Bearer ${token}` };
  const declared = await fetch(new URL("/api/uploads", target.url), {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({ name: "bench.bin", size: mebibytes * MIB }),
  });
  const { upload: { id } } = await declared.json();
  const status = await patch(
    new URL(`/api/uploads/${id}`, target.url),
    { ...auth, "upload-offset": "0" },
    mebibytes,
  );
  if (!status.includes(" 200 ")) throw new Error(`upload answered ${status}`);
  return id;
}

/** Round trips of `count` messages.send over one socket, one after another. */
async function sends(target: Target, token: string, chatId: number, count: number) {
  const socket = new WebSocket(
    target.wsUrls[0],
    { headers: { cookie: `parley_session=${token}` } } as unknown as string[],
  );
  await new Promise((resolve) => socket.onopen = resolve);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    socket.send(JSON.stringify({
      id: i,
      method: "messages.send",
      params: { chatId, content: `m${i}`, clientId: crypto.randomUUID() },
    }));
    await new Promise((resolve) => {
      socket.onmessage = (event) => {
        if (JSON.parse(String(event.data)).id === i) resolve(undefined);
      };
    });
    times.push(performance.now() - started);
  }
  socket.close();
  return { p50: median(times), p99: percentile(times, 99) };
}

export async function fileFigures(
  kind: DbKind,
  options: { mebibytes: number; sends: number },
): Promise<FileFigures> {
  const database = await benchDatabase(kind);
  try {
    const db = await database.open();
    const [a, b] = await seedUsers(db, "fi", 2);
    const chatId = await seedPersonalChat(db, a.id, b.id);
    await db.close();
    const target = await startParley(database, 1, {
      MAX_UPLOAD_BYTES: String(options.mebibytes * MIB),
      USER_QUOTA_BYTES: String(8 * options.mebibytes * MIB + MIB),
    });
    try {
      // A first small upload loads what any upload needs (the sniffer, the hash): not the figure.
      await upload(target, a.token, 1);
      const before = await target.rssBytes();
      let highest = before;
      const sampling = setInterval(() => {
        target.rssBytes().then((rss) => highest = Math.max(highest, rss), () => {});
      }, 50);
      const started = performance.now();
      let id: string;
      try {
        id = await upload(target, a.token, options.mebibytes);
      } finally {
        clearInterval(sampling);
      }
      const uploadSeconds = (performance.now() - started) / 1000;

      const readStarted = performance.now();
      let read = 0;
      for (let start = 0; start < options.mebibytes * MIB; start += RANGE_BYTES) {
        const response = await fetch(new URL(`/files/${id}`, target.url), {
          headers: {
            authorization: `Bearer ${a.token}`,
            range: `bytes=${start}-${start + RANGE_BYTES - 1}`,
          },
        });
        if (response.status !== 206) throw new Error(`a range answered ${response.status}`);
        read += (await response.arrayBuffer()).byteLength;
      }
      const readSeconds = (performance.now() - readStarted) / 1000;

      const sendAlone = await sends(target, a.token, chatId, options.sends);
      const uploading = upload(target, b.token, options.mebibytes);
      const sendDuringUpload = await sends(target, a.token, chatId, options.sends);
      await uploading;
      return {
        mebibytes: options.mebibytes,
        uploadMBps: options.mebibytes * MIB / 1e6 / uploadSeconds,
        rssGrowthMiB: (highest - before) / MIB,
        rangeMBps: read / 1e6 / readSeconds,
        sendAlone,
        sendDuringUpload,
      };
    } finally {
      await target.stop();
    }
  } finally {
    await database.drop();
  }
}
