-- Figures for the admin page, kept by the server as it runs (admin/stats_rollup.ts), so that
-- showing them never scans the messages or the users.

-- One row per day (UTC).
create table daily_stats (
  day date primary key,
  new_users integer not null default 0,
  messages integer not null default 0,
  -- Accounts seen that day, and within the 30 days up to it, as last counted that day.
  active_users integer not null default 0,
  active_30d integer not null default 0
);

-- How far the counting has got, and the totals as last counted: one row.
create table stats_progress (
  id boolean primary key default true check (id),
  last_message_id bigint not null default 0,
  last_user_id bigint not null default 0,
  users_total integer not null default 0,
  groups_total integer not null default 0,
  files_total integer not null default 0,
  storage_bytes bigint not null default 0,
  counted_at timestamptz
);
insert into stats_progress default values;

-- Each running server process and its open WebSockets, renewed while it runs.
create table server_processes (
  id text primary key,
  sockets integer not null,
  seen_at timestamptz not null
);
