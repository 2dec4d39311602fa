import assert from "node:assert/strict";
import { makeClock } from "./time.ts";

const NOW = new Date("2026-12-06T11:25:00Z");
const now = () => NOW;

Deno.test("days and moments in the interface's language: today, yesterday, then dates", () => {
  const ru = makeClock({ locale: "ru", timeZone: "UTC" }, now);
  assert.equal(ru.timeOf("2026-12-06T11:25:00Z"), "11:25");
  assert.equal(ru.dayOf("2026-12-06T01:00:00Z"), "Сегодня");
  assert.equal(ru.dayOf("2026-12-05T23:00:00Z"), "Вчера");
  assert.equal(ru.dayOf("2026-12-01T10:00:00Z"), "1 дек.");
  assert.equal(ru.dayOf("2025-12-01T10:00:00Z"), "1 дек. 2025 г.");
  assert.equal(ru.momentOf("2026-12-06T11:25:00Z"), "сегодня в 11:25");
  assert.equal(ru.momentOf("2026-12-05T09:05:00Z"), "вчера в 09:05");
  assert.equal(ru.whenOf("2026-12-06T08:00:00Z"), "08:00");
  assert.equal(ru.whenOf("2026-11-30T08:00:00Z"), "30 нояб.");

  const en = makeClock({ locale: "en", timeZone: "UTC" }, now);
  assert.equal(en.dayOf("2026-12-06T01:00:00Z"), "Today");
  assert.equal(en.dayOf("2026-12-05T01:00:00Z"), "Yesterday");
  assert.equal(en.dayOf("2026-12-01T10:00:00Z"), "Dec 1");
  assert.equal(en.momentOf("2026-12-05T21:05:00Z"), "yesterday at 09:05 PM");
});

Deno.test("today is the time zone's today", () => {
  // 23:30 in UTC on the 5th is already the 6th in Moscow.
  const moscow = makeClock({ locale: "ru", timeZone: "Europe/Moscow" }, now);
  assert.equal(moscow.dayOf("2026-12-05T23:30:00Z"), "Сегодня");
  const utc = makeClock({ locale: "ru", timeZone: "UTC" }, now);
  assert.equal(utc.dayOf("2026-12-05T23:30:00Z"), "Вчера");
});
