-- Messages pinned in a chat, shown in a bar at its top.
create table pinned_messages (
  chat_id bigint not null references chats (id) on delete cascade,
  message_id bigint not null references messages (id) on delete cascade,
  pinned_by bigint references users (id) on delete set null,
  pinned_at timestamptz not null default now(),
  primary key (chat_id, message_id)
);
