/**
 * A WebSocket client on a plain TCP connection, for what a well-behaved client never does: stop
 * reading. It writes the handshake and frames itself, and reads only when told to.
 */

/** A frame from the server: text, or the close frame's code. */
export type ServerFrame = { text: string } | { closeCode: number };

/** One client connection that reads nothing until `readUntilClose`. */
export class RawSocket implements AsyncDisposable {
  readonly #conn: Deno.TcpConn;
  #pending = new Uint8Array(0);

  private constructor(conn: Deno.TcpConn) {
    this.#conn = conn;
  }

  /** Connects and upgrades at `wsUrl` with `headers` (such as a session cookie). */
  static async open(wsUrl: URL, headers: Record<string, string> = {}): Promise<RawSocket> {
    const conn = await Deno.connect({ hostname: wsUrl.hostname, port: Number(wsUrl.port) });
    const lines = [
      `GET ${wsUrl.pathname} HTTP/1.1`,
      `Host: ${wsUrl.host}`,
      "Upgrade: websocket",
      "Connection: Upgrade",
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
      "Sec-WebSocket-Version: 13",
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ];
    await writeAll(conn, new TextEncoder().encode(`${lines.join("\r\n")}\r\n\r\n`));
    const socket = new RawSocket(conn);
    const head = await socket.#readUntil(new TextEncoder().encode("\r\n\r\n"));
    const status = new TextDecoder().decode(head).split("\r\n")[0];
    if (!status.includes(" 101 ")) throw new Error(`Upgrade refused: ${status}`);
    return socket;
  }

  /** Sends `value` as one masked text frame, as a client must. */
  async send(value: unknown): Promise<void> {
    const payload = new TextEncoder().encode(JSON.stringify(value));
    const length = payload.length;
    const header = length < 126
      ? [0x81, 0x80 | length]
      : [0x81, 0x80 | 126, length >> 8, length & 0xff];
    if (length > 0xffff) throw new Error("Frames this long are not needed here");
    const mask = crypto.getRandomValues(new Uint8Array(4));
    const frame = new Uint8Array(header.length + 4 + length);
    frame.set(header);
    frame.set(mask, header.length);
    for (let i = 0; i < length; i++) frame[header.length + 4 + i] = payload[i] ^ mask[i % 4];
    await writeAll(this.#conn, frame);
  }

  /** Reads every frame the server sent, up to and including its close frame. */
  async readUntilClose(): Promise<ServerFrame[]> {
    const frames: ServerFrame[] = [];
    while (true) {
      const [first, second] = await this.#read(2);
      let length = second & 0x7f;
      if (length === 126) length = new DataView((await this.#read(2)).buffer).getUint16(0);
      else if (length === 127) {
        length = Number(new DataView((await this.#read(8)).buffer).getBigUint64(0));
      }
      const payload = await this.#read(length);
      const opcode = first & 0x0f;
      if (opcode === 0x8) {
        frames.push({ closeCode: new DataView(payload.buffer).getUint16(0) });
        return frames;
      }
      if (opcode === 0x1) frames.push({ text: new TextDecoder().decode(payload) });
    }
  }

  async #fill(): Promise<void> {
    const chunk = new Uint8Array(64 * 1024);
    const n = await this.#conn.read(chunk);
    if (n === null) throw new Error("The server closed the connection");
    const joined = new Uint8Array(this.#pending.length + n);
    joined.set(this.#pending);
    joined.set(chunk.subarray(0, n), this.#pending.length);
    this.#pending = joined;
  }

  async #read(n: number): Promise<Uint8Array> {
    while (this.#pending.length < n) await this.#fill();
    const bytes = this.#pending.slice(0, n);
    this.#pending = this.#pending.slice(n);
    return bytes;
  }

  async #readUntil(end: Uint8Array): Promise<Uint8Array> {
    while (true) {
      const at = indexOf(this.#pending, end);
      if (at >= 0) return await this.#read(at + end.length);
      await this.#fill();
    }
  }

  [Symbol.asyncDispose](): Promise<void> {
    try {
      this.#conn.close();
    } catch {
      // Closed already.
    }
    return Promise.resolve();
  }
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  for (let written = 0; written < bytes.length;) {
    written += await conn.write(bytes.subarray(written));
  }
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
