-- Users, sessions, chats, members and messages: the core every later migration builds on.

create table users (
  id bigint generated always as identity primary key,
  username text not null,
  email text,
  password_hash text not null,
  display_name text,
  email_confirmed_at timestamptz,
  created_at timestamptz not null default now(),
  -- A deleted account keeps its row so its messages can show "deleted user".
  deleted_at timestamptz
);
create unique index users_username_key on users (lower(username));
create unique index users_email_key on users (lower(email));

-- A session: the JWT handed to the client carries this row's id.
create table tokens (
  id bigint generated always as identity primary key,
  user_id bigint not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  last_used_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  ip text,
  user_agent text
);
create index tokens_user_id_idx on tokens (user_id, created_at);
create index tokens_expires_at_idx on tokens (expires_at);

create table chats (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('personal', 'group')),
  title text,
  created_by bigint references users (id) on delete set null,
  created_at timestamptz not null default now(),
  -- For a personal chat, its two members with the lower id first: one chat per pair.
  personal_low bigint references users (id) on delete set null,
  personal_high bigint references users (id) on delete set null,
  check (kind <> 'personal' or personal_low < personal_high)
);
create unique index chats_personal_pair_key on chats (personal_low, personal_high)
  where kind = 'personal';

create table chat_members (
  chat_id bigint not null references chats (id) on delete cascade,
  user_id bigint not null references users (id) on delete cascade,
  role text not null default 'member' check (role in ('owner', 'admin', 'member')),
  joined_at timestamptz not null default now(),
  last_read_message_id bigint not null default 0,
  muted boolean not null default false,
  primary key (chat_id, user_id)
);
-- A user's chat list.
create index chat_members_user_id_idx on chat_members (user_id, chat_id);

create table messages (
  id bigint generated always as identity primary key,
  chat_id bigint not null references chats (id) on delete cascade,
  sender_id bigint references users (id) on delete set null,
  content text not null,
  content_type text not null default 'text'
    check (content_type in ('text', 'img', 'video', 'file', 'sticker')),
  -- The sender's own id for the message, so that a resend does not create a duplicate.
  client_id text,
  reply_to bigint references messages (id) on delete set null,
  created_at timestamptz not null default now(),
  edited_at timestamptz,
  deleted_at timestamptz
);
-- History pages and catch-up after reconnect both walk a chat by id.
create index messages_chat_id_id_idx on messages (chat_id, id);
create unique index messages_client_id_key on messages (sender_id, client_id)
  where client_id is not null;
