/**
 * Files over HTTP and in messages: uploads in parts that resume, sent with a message, fetched by
 * the chat's members only, whole or by range; limits and quota that hold under concurrency.
 */
import assert from "node:assert/strict";
import { DB_KINDS, openTestDb } from "./helpers/db.ts";
import { startS3 } from "./helpers/s3.ts";
import { serverTest, startTestServer, type TestServer } from "./helpers/server.ts";
import { imageSize } from "image-size";
import { declare, jpegWithMetadata, png, sendPart, upload } from "./helpers/uploads.ts";
import { signUp, TestSocket, v1Request } from "./helpers/ws_client.ts";

const NO_CONFIRMATION = { REQUIRE_EMAIL_CONFIRMATION: "false" };

/** A test for each database and each storage: the data folder, and an S3 bucket. */
function filesTest(name: string, fn: (server: TestServer) => Promise<void>): void {
  for (const kind of DB_KINDS) {
    for (const storage of ["local", "s3"] as const) {
      Deno.test({
        name: `${name} (${kind}, ${storage})`,
        // s3rver's own timers outlive a test by a moment.
        sanitizeOps: storage === "local",
        sanitizeResources: storage === "local",
        async fn() {
          await using s3 = storage === "s3" ? await startS3() : undefined;
          await using db = await openTestDb(kind);
          await using server = await startTestServer({
            db: db.db,
            env: { ...NO_CONFIRMATION, ...s3?.env },
          });
          await fn(server);
        },
      });
    }
  }
}

filesTest("an upload in parts, sent with a message, fetched by members only", async (server) => {
  await using ann = await TestSocket.open(server.wsUrl);
  await using bob = await TestSocket.open(server.wsUrl);
  await using cat = await TestSocket.open(server.wsUrl);
  const { token } = await signUp(ann, "ann");
  const bobToken = (await signUp(bob, "bob")).token;
  const catToken = (await signUp(cat, "cat")).token;
  const bytes = await png(320, 200);

  const declared = await declare(server.url, token, {
    name: "../../holiday\u0000.png",
    size: bytes.length,
  });
  assert.equal(declared.status, 201);
  const id = declared.upload!.id;
  assert.match(id, /^[A-Za-z0-9_-]{40,}$/, "long and random");
  const half = Math.floor(bytes.length / 2);
  const first = await sendPart(server.url, token, id, 0, bytes.slice(0, half));
  assert.deepEqual([first.status, first.upload?.offset, first.upload?.kind], [
    200,
    half,
    undefined,
  ]);
  const head = await fetch(new URL(`/api/uploads/${id}`, server.url), {
    method: "HEAD",
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(head.headers.get("upload-offset"), String(half));
  const wrong = await sendPart(server.url, token, id, 0, bytes.slice(half));
  assert.equal(wrong.status, 409, "a part must start where the upload stands");
  const notHers = await sendPart(server.url, bobToken, id, half, bytes.slice(half));
  assert.equal(notHers.status, 404, "another user's upload is not there for them");
  const done = await sendPart(server.url, token, id, half, bytes.slice(half));
  assert.equal(done.status, 200);
  assert.match(String(done.upload?.placeholder), /^[A-Za-z0-9+/]+=*$/, "a photo's placeholder");
  assert.deepEqual(
    { ...done.upload, id: undefined, placeholder: undefined },
    {
      id: undefined,
      placeholder: undefined,
      name: "holiday.png",
      size: bytes.length,
      offset: bytes.length,
      kind: "image",
      mime: "image/png",
      width: 320,
      height: 200,
    },
  );

  const chat = await ann.request<{ result: { chatId: number } }>("chats.openPersonal", {
    username: "bob",
  });
  const sent = await ann.request<{ status: number; result: { message: Record<string, unknown> } }>(
    "messages.send",
    { chatId: chat.result.chatId, content: "", clientId: "p1", attachments: [id] },
  );
  assert.equal(sent.status, 200);
  assert.equal(sent.result.message.contentType, "img");
  const pushed = await bob.nextEvent(5_000, ["message.new"]);
  const [attachment] = (pushed.data as { attachments: Record<string, unknown>[] }).attachments;
  assert.equal(attachment.url, `/files/${id}`);
  assert.equal(attachment.width, 320);
  const again = await ann.request<{ status: number }>("messages.send", {
    chatId: chat.result.chatId,
    content: "again",
    clientId: "p2",
    attachments: [id],
  });
  assert.equal(again.status, 422, "an upload goes with one message");

  const fetchAs = (who: string | undefined, headers: Record<string, string> = {}) =>
    fetch(new URL(`/files/${id}`, server.url), {
      headers: who ? { ...headers, authorization: `Bearer ${who}` } : headers,
    });
  const whole = await fetchAs(bobToken);
  assert.equal(whole.status, 200);
  assert.equal(whole.headers.get("content-type"), "image/png");
  assert.match(whole.headers.get("content-disposition")!, /^inline; filename="holiday.png"/);
  assert.equal(whole.headers.get("x-content-type-options"), "nosniff");
  assert.match(whole.headers.get("content-security-policy")!, /sandbox/);
  assert.deepEqual(new Uint8Array(await whole.arrayBuffer()), bytes);
  const part = await fetchAs(bobToken, { range: "bytes=8-15" });
  assert.equal(part.status, 206);
  assert.equal(part.headers.get("content-range"), `bytes 8-15/${bytes.length}`);
  assert.deepEqual(new Uint8Array(await part.arrayBuffer()), bytes.slice(8, 16));
  const beyond = await fetchAs(bobToken, { range: `bytes=${bytes.length + 10}-` });
  assert.equal(beyond.status, 416);
  await beyond.body?.cancel();
  for (const stranger of [catToken, undefined]) {
    const refused = await fetchAs(stranger);
    assert.equal(refused.status, 404, "no member, no file; not even that it exists");
    await refused.body?.cancel();
  }
  const history = await bob.request<{ result: { messages: Record<string, unknown>[] } }>(
    "messages.history",
    { chatId: chat.result.chatId },
  );
  assert.deepEqual(
    (history.result.messages.at(-1)!.attachments as { id: string }[]).map((a) => a.id),
    [id],
  );

  // The original protocol: a row per file, its address fetched with the token in the URL.
  const v1 = await v1Request(bob, {
    mode: "getMessages",
    token: bobToken,
    chat_id: chat.result.chatId,
  }) as { messages: { content: string; content_type: string }[] };
  assert.deepEqual(
    v1.messages.map((m) => [m.content, m.content_type]),
    [[`/files/${id}`, "img"]],
  );
  const byUrl = await fetch(new URL(`/files/${id}?token=${bobToken}`, server.url));
  assert.equal(byUrl.status, 200);
  await byUrl.body?.cancel();
  const chats = await v1Request(bob, { mode: "getChats", token: bobToken }) as {
    chats: { last_message_text: string }[];
  };
  assert.equal(chats.chats[0].last_message_text, "Photo");
});

filesTest("a photo is served without where and when it was taken, upright", async (server) => {
  await using ann = await TestSocket.open(server.wsUrl);
  const { token } = await signUp(ann, "ann");
  const photo = await jpegWithMetadata(60, 40, 6);
  const done = await upload(server.url, token, "IMG_0001.jpg", photo);
  assert.deepEqual([done.kind, done.width, done.height], ["image", 40, 60], "turned as shown");
  const served = new Uint8Array(
    await (await fetch(new URL(`/files/${done.id}`, server.url), {
      headers: { authorization: `Bearer ${token}` },
    })).arrayBuffer(),
  );
  assert.equal(new TextDecoder("latin1").decode(served).includes("SECRET"), false);
  assert.equal(imageSize(served).orientation, 6);
  assert.equal(done.size, served.length, "the size is what is kept");

  // Its thumbnail, upright, and a placeholder to show until it loads.
  assert.match(String(done.placeholder), /^[A-Za-z0-9+/]+=*$/);
  const thumb = await fetch(new URL(`/files/${done.id}?thumb`, server.url), {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(thumb.headers.get("content-type"), "image/jpeg");
  const small = imageSize(new Uint8Array(await thumb.arrayBuffer()));
  assert.deepEqual([small.width, small.height], [40, 60], "turned as the photo is shown");
});

serverTest("what is not a picture, video or audio is an inert download", async (server) => {
  await using ann = await TestSocket.open(server.wsUrl);
  const { token } = await signUp(ann, "ann");
  const cases: [string, Uint8Array<ArrayBuffer>, string, string][] = [
    [
      "page.html",
      new TextEncoder().encode("<html><script>alert(1)</script></html>"),
      "file",
      "application/octet-stream",
    ],
    [
      "drawing.svg",
      new TextEncoder().encode(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      ),
      "file",
      "application/octet-stream",
    ],
    // A picture's signature with a page behind it is a picture, served as one: never as a page.
    [
      "polyglot.png",
      new Uint8Array([
        ...await png(2, 2),
        ...new TextEncoder().encode("<html><script>alert(1)</script>"),
      ]),
      "image",
      "image/png",
    ],
  ];
  for (const [name, bytes, kind, type] of cases) {
    const done = await upload(server.url, token, name, bytes);
    assert.equal(done.kind, kind, name);
    const response = await fetch(new URL(`/files/${done.id}`, server.url), {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(response.headers.get("content-type"), type, name);
    if (kind === "file") {
      assert.match(response.headers.get("content-disposition")!, /^attachment;/, name);
    }
    assert.equal(response.headers.get("content-security-policy"), "default-src 'none'; sandbox");
    await response.body?.cancel();
  }
  const empty = await declare(server.url, token, { name: "empty.txt", size: 0 });
  assert.equal(empty.status, 422);
});

serverTest(
  "the size limit and the quota hold, also for many uploads at once",
  async (server) => {
    await using ann = await TestSocket.open(server.wsUrl);
    const { token } = await signUp(ann, "ann");
    const tooBig = await declare(server.url, token, { name: "big.bin", size: 1001 });
    assert.equal(tooBig.status, 413);
    assert.match(tooBig.error!, /larger than the limit/);
    const answers = await Promise.all(
      Array.from(
        { length: 12 },
        (_, i) => declare(server.url, token, { name: `${i}.bin`, size: 1000 }),
      ),
    );
    assert.equal(answers.filter((a) => a.status === 201).length, 3, "3 × 1000 fit in 3500");
    assert.ok(answers.every((a) => a.status === 201 || a.status === 413));
    const cancelled = answers.find((a) => a.status === 201)!.upload!.id;
    const deleted = await fetch(new URL(`/api/uploads/${cancelled}`, server.url), {
      method: "DELETE",
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(deleted.status, 204);
    assert.equal(
      (await declare(server.url, token, { name: "x", size: 1000 })).status,
      201,
      "freed",
    );
  },
  { env: { MAX_UPLOAD_BYTES: "1000", USER_QUOTA_BYTES: "3500" } },
);

filesTest("an upload whose connection broke resumes where it stopped", async (server) => {
  await using ann = await TestSocket.open(server.wsUrl);
  const { token } = await signUp(ann, "ann");
  // Letters, so that no signature makes it a picture or a sound; varied, so that a misplaced part
  // would show.
  const bytes = Uint8Array.from({ length: 3 * 65536 }, (_, i) => 97 + (i * 7 + (i >> 9)) % 26);
  const { upload: declared } = await declare(server.url, token, {
    name: "data.bin",
    size: bytes.length,
  });
  const id = declared!.id;
  const abort = new AbortController();
  let sentChunks = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (abort.signal.aborted) return;
      if (sentChunks === 2) {
        // The connection drops with a third of the file still to come.
        await new Promise((resolve) => setTimeout(resolve, 200));
        abort.abort();
        return;
      }
      controller.enqueue(bytes.slice(sentChunks * 65536, ++sentChunks * 65536));
    },
  });
  await fetch(new URL(`/api/uploads/${id}`, server.url), {
    method: "PATCH",
    headers: { authorization: `Bearer ${token}`, "upload-offset": "0" },
    body,
    signal: abort.signal,
  }).catch(() => undefined);
  let offset = 0;
  for (let tries = 0; tries < 50 && offset === 0; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const head = await fetch(new URL(`/api/uploads/${id}`, server.url), {
      method: "HEAD",
      headers: { authorization: `Bearer ${token}` },
    });
    offset = Number(head.headers.get("upload-offset"));
  }
  assert.ok(offset > 0 && offset < bytes.length, `kept what came: ${offset}`);
  const rest = await sendPart(server.url, token, id, offset, bytes.slice(offset));
  assert.equal(rest.status, 200, String(rest.error));
  const fetched = await fetch(new URL(`/files/${id}`, server.url), {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(fetched.headers.get("content-disposition")?.startsWith("attachment"), true);
  assert.deepEqual(new Uint8Array(await fetched.arrayBuffer()), bytes);
});

serverTest(
  "a member removed from a group keeps the files sent before, not those sent after",
  async (server) => {
    await using ann = await TestSocket.open(server.wsUrl);
    await using bob = await TestSocket.open(server.wsUrl);
    const { token } = await signUp(ann, "ann");
    const bob_ = await signUp(bob, "bob");
    const created = await ann.request<{ result: { chatId: number } }>("groups.create", {
      title: "Team",
      userIds: [bob_.user.id],
    });
    const chatId = created.result.chatId;
    const sendFile = async (name: string) => {
      const done = await upload(server.url, token, name, new TextEncoder().encode(name));
      await ann.request("messages.send", {
        chatId,
        content: "",
        clientId: name,
        attachments: [done.id],
      });
      return done.id;
    };
    const before = await sendFile("before.txt");
    await ann.request("groups.removeMember", { chatId, userId: bob_.user.id });
    const after = await sendFile("after.txt");
    const status = async (id: string) => {
      const response = await fetch(new URL(`/files/${id}`, server.url), {
        headers: { authorization: `Bearer ${bob_.token}` },
      });
      await response.body?.cancel();
      return response.status;
    };
    assert.equal(await status(before), 200, "what they saw stays theirs");
    assert.equal(await status(after), 404, "nothing after");
  },
  { env: NO_CONFIRMATION },
);

serverTest("a picture too large to decode safely is a file, not a picture", async (server) => {
  await using ann = await TestSocket.open(server.wsUrl);
  const { token } = await signUp(ann, "ann");
  // A PNG whose header claims 100,000 × 100,000 pixels: ten billion, a decompression bomb.
  const bomb = await png(1, 1);
  new DataView(bomb.buffer).setUint32(16, 100_000);
  new DataView(bomb.buffer).setUint32(20, 100_000);
  const done = await upload(server.url, token, "bomb.png", bomb);
  assert.equal(done.kind, "file");
  assert.equal(done.placeholder, undefined, "nothing decoded it");
});
