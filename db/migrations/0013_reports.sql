-- Messages reported to the admins, and what they did about them.
create table reports (
  id bigint generated always as identity primary key,
  message_id bigint not null references messages (id) on delete cascade,
  reporter_id bigint references users (id) on delete set null,
  reason text not null check (reason in ('spam', 'abuse', 'illegal', 'other')),
  note text,
  created_at timestamptz not null default now(),
  resolved_at timestamptz,
  resolved_by bigint references users (id) on delete set null,
  outcome text check (outcome in ('deleted', 'warned', 'suspended', 'dismissed')),
  -- One report per reader and message: reporting again changes nothing.
  unique (message_id, reporter_id)
);
create index reports_open_idx on reports (message_id) where resolved_at is null;
