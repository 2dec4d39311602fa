/**
 * Two server processes on one PostgreSQL database: they migrate and seed it once between them,
 * and a message sent through one reaches a member connected to the other.
 */
import assert from "node:assert/strict";
import postgres from "postgres";
import { DEMO_PASSWORD } from "../db/demo.ts";
import { readMigrations } from "../db/migrate.ts";
import { freshPostgresDatabase } from "./helpers/db.ts";
import { spawnServer } from "./helpers/process.ts";
import { TestSocket } from "./helpers/ws_client.ts";

const DATABASE_URL = Deno.env.get("DATABASE_URL");

Deno.test({
  name: "a message is pushed once to every connection, on either process (postgres)",
  ignore: !DATABASE_URL || Deno.build.os === "windows",
  async fn() {
    await using database = await freshPostgresDatabase("parley_two");
    const { url } = database;
    {
      const env = {
        DATABASE_URL: url.href,
        DEMO_DATA: "true",
        SECRET: "shared-secret-of-both-processes-0123",
      };
      const [first, second] = await Promise.all([spawnServer(env), spawnServer(env)]);
      try {
        // Each user has a tab on each process.
        await using test = await TestSocket.open(first.wsUrl);
        await using testThere = await TestSocket.open(second.wsUrl);
        await using alice = await TestSocket.open(second.wsUrl);
        await using aliceThere = await TestSocket.open(first.wsUrl);
        for (const socket of [test, testThere]) {
          const answer = await socket.request("auth.login", { login: "test", password: "test" });
          assert.equal(answer.status, 200);
        }
        for (const socket of [alice, aliceThere]) {
          const answer = await socket.request("auth.login", {
            login: "alice",
            password: DEMO_PASSWORD,
          });
          assert.equal(answer.status, 200);
        }

        const opened = await test.request<{ result: { chatId: number } }>("chats.openPersonal", {
          username: "alice",
        });
        const chatId = opened.result.chatId;
        await test.request("messages.send", {
          chatId,
          content: "across processes",
          clientId: "p1",
        });
        for (const socket of [alice, aliceThere, testThere]) {
          const push = await socket.nextEvent(5_000, ["message.new"]);
          assert.equal(push.event, "message.new");
          assert.equal((push.data as { content: string }).content, "across processes");
        }

        await alice.request("messages.send", { chatId, content: "and back", clientId: "p2" });
        for (const socket of [test, testThere, aliceThere]) {
          const back = await socket.nextEvent(5_000, ["message.new"]);
          assert.equal((back.data as { content: string }).content, "and back");
        }
        // Sent at once, they are stored in one batch: the other process reads them back, in order,
        // the longest too (4,000 characters of three bytes each: more than a notification holds).
        const burst = ["one", "two", "ё".repeat(4000), "four"];
        const answers = await Promise.all(
          burst.map((content, i) =>
            alice.request("messages.send", { chatId, content, clientId: `b${i}` })
          ),
        );
        assert.ok(answers.every((answer) => answer.status === 200));
        for (const socket of [test, testThere, aliceThere]) {
          const received = [];
          for (const _ of burst) {
            received.push(
              (await socket.nextEvent(5_000, ["message.new"])).data as { content: string },
            );
          }
          assert.deepEqual(received.map((m) => m.content), burst);
        }
        // Once each, and not to the connection that sent it (its answer carried it): a later
        // message is the next push of each.
        await test.request("messages.send", { chatId, content: "after", clientId: "p9" });
        for (const socket of [testThere, alice, aliceThere]) {
          assert.equal(
            ((await socket.nextEvent(5_000, ["message.new"])).data as { content: string }).content,
            "after",
          );
        }
        await alice.request("messages.send", { chatId, content: "and after", clientId: "p10" });
        assert.equal(
          ((await test.nextEvent(5_000, ["message.new"])).data as { content: string }).content,
          "and after",
        );

        // Stored through one process, its answer lost: sent again through the other, with the same
        // client id, it is the same message, kept once and not pushed again.
        const once = await testThere.request<{ result: { message: { id: number } } }>(
          "messages.send",
          { chatId, content: "answer lost", clientId: "p11" },
        );
        assert.equal(
          ((await alice.nextEvent(5_000, ["message.new"])).data as { content: string }).content,
          "answer lost",
        );
        const again = await test.request<{ result: { message: { id: number } } }>(
          "messages.send",
          { chatId, content: "answer lost", clientId: "p11" },
        );
        assert.equal(again.result.message.id, once.result.message.id);
        await test.request("messages.send", { chatId, content: "last", clientId: "p12" });
        assert.equal(
          ((await alice.nextEvent(5_000, ["message.new"])).data as { content: string }).content,
          "last",
        );
      } finally {
        await Promise.all([first.stop(), second.stop()]);
      }
      const db = postgres(url.href, { max: 1, onnotice: () => {} });
      const [{ users }] = await db`select count(*)::int as users from users`;
      const [{ migrations }] = await db`select count(*)::int as migrations from schema_migrations`;
      await db.end();
      assert.equal(users, 5, "seeded once");
      assert.equal(migrations, (await readMigrations()).length, "each migration applied once");
    }
  },
});
