-- Reactions: one emoji from one reader on one message, as many emoji as they like, each once.
create table reactions (
  message_id bigint not null references messages (id) on delete cascade,
  user_id bigint not null references users (id) on delete cascade,
  emoji text not null,
  created_at timestamptz not null default now(),
  primary key (message_id, emoji, user_id)
);
