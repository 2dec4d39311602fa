/** The mailer delivers the outbox through a real SMTP server, and retries what fails. */
import assert from "node:assert/strict";
import { SMTPServer } from "smtp-server";
import { dbTest } from "../tests/helpers/db.ts";
import { createLogger, silentLogger } from "../lib/log.ts";
import { startMailer } from "./mailer.ts";
import { enqueueMail } from "./outbox.ts";

/** An SMTP server on a free port that keeps what it receives. */
async function smtpServer() {
  const received: { to: string[]; data: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      let data = "";
      stream.on("data", (chunk: Uint8Array) => data += new TextDecoder().decode(chunk));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

dbTest("queued mail goes out through SMTP once", async ({ db }) => {
  const smtp = await smtpServer();
  const mailer = startMailer({
    db,
    log: silentLogger,
    from: "Parley <parley@example.com>",
    smtpUrl: smtp.url,
  });
  try {
    await enqueueMail(db, {
      to: "ann@example.com",
      subject: "Hello",
      body: "Link: http://x/confirm?token=abc",
    });
    assert.equal(await mailer.flush(), 1);
    assert.equal(await mailer.flush(), 0, "sent once");
    assert.equal(smtp.received.length, 1);
    assert.deepEqual(smtp.received[0].to, ["ann@example.com"]);
    assert.match(smtp.received[0].data, /Subject: Hello/);
    assert.match(smtp.received[0].data, /confirm\?token=abc/);
    const [row] = await db.query<{ sent_at: Date | null }>("select sent_at from outbox");
    assert.ok(row.sent_at);
  } finally {
    await mailer.stop();
    await smtp.close();
  }
});

dbTest("without SMTP the mail is written to the log", async ({ db }) => {
  const lines: string[] = [];
  const mailer = startMailer({
    db,
    log: createLogger("info", (line) => lines.push(line)),
    from: "x@y.z",
  });
  try {
    await enqueueMail(db, {
      to: "bo@example.com",
      subject: "Reset",
      body: "http://x/reset?token=t",
    });
    assert.equal(await mailer.flush(), 1);
    assert.match(lines.join("\n"), /bo@example\.com.*reset\?token=t/);
  } finally {
    await mailer.stop();
  }
});

dbTest("a failed delivery stays queued for a later attempt", async ({ db }) => {
  let fail = true;
  const sent: string[] = [];
  const mailer = startMailer({ db, log: silentLogger, from: "x@y.z" }, (mail) => {
    if (fail) return Promise.reject(new Error("connection refused"));
    sent.push(mail.to);
    return Promise.resolve();
  });
  try {
    await enqueueMail(db, { to: "cy@example.com", subject: "S", body: "B" });
    assert.equal(await mailer.flush(), 0);
    const [row] = await db.query<{ attempts: number; last_error: string; sent_at: Date | null }>(
      "select attempts, last_error, sent_at from outbox",
    );
    assert.deepEqual([row.attempts, row.sent_at], [1, null]);
    assert.match(row.last_error, /connection refused/);
    fail = false;
    await db.query("update outbox set next_attempt_at = now()");
    assert.equal(await mailer.flush(), 1);
    assert.deepEqual(sent, ["cy@example.com"]);
  } finally {
    await mailer.stop();
  }
});
