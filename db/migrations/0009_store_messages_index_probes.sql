-- `store_messages` finds every row it reads by key, but its plan is made once per connection, from
-- the statistics of that moment, and kept. Planned after ANALYZE saw a small `messages` table (a new
-- installation's), it scanned `messages` in full for each message's resend check: a 40-message batch
-- took 14 ms instead of 3.4 until the next ANALYZE. With settled statistics it chose bitmap scans of
-- each chat's members (each asks for the table's size: a system call per chat, and a file-size call
-- through PGlite's file system) and hashed scans of `blocks`: 2.9 ms for 40 messages against 1.6 with
-- index probes only. PGlite never runs ANALYZE, so there the plan rests on default estimates: 4.5–5.3
-- ms against 3.3–3.7. Scans by index only, whatever the statistics say:
alter function store_messages(bigint[], bigint[], text[], text[], text[], bigint[], text, text)
  set enable_seqscan = off;
alter function store_messages(bigint[], bigint[], text[], text[], text[], bigint[], text, text)
  set enable_bitmapscan = off;
