-- Support tickets: a user's (or a guest's, known by an e-mail address) question, and the
-- conversation with support staff on it, with notes staff keep among themselves.
create table tickets (
  id bigint generated always as identity primary key,
  user_id bigint references users (id) on delete set null,
  -- A guest who cannot sign in: answered by mail, with a link signed for the ticket
  -- (support/guest_links.ts).
  guest_email text,
  lang text not null default 'en' check (lang in ('en', 'ru')),
  category text not null check (category in ('account', 'chats', 'files', 'bug', 'other')),
  subject text not null,
  status text not null default 'new'
    check (status in ('new', 'open', 'waiting', 'solved', 'closed')),
  assignee_id bigint references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Staff's first reply the asker could read: how long people wait for an answer.
  first_response_at timestamptz,
  solved_at timestamptz,
  check (user_id is not null or guest_email is not null)
);
create index tickets_user_idx on tickets (user_id, updated_at desc) where user_id is not null;
create index tickets_queue_idx on tickets (status, updated_at desc);

create table ticket_messages (
  id bigint generated always as identity primary key,
  ticket_id bigint not null references tickets (id) on delete cascade,
  -- Null: the guest who opened it.
  author_id bigint references users (id) on delete set null,
  from_staff boolean not null,
  -- A note staff keep among themselves: never shown to the asker.
  internal boolean not null default false,
  body text not null,
  created_at timestamptz not null default now()
);
create index ticket_messages_ticket_idx on ticket_messages (ticket_id, id);

-- Answers staff give often, to start a reply from.
create table canned_replies (
  id bigint generated always as identity primary key,
  title text not null,
  body text not null,
  created_by bigint references users (id) on delete set null,
  created_at timestamptz not null default now()
);
