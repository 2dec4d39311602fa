-- The schema as it stands at Parley's first release: accounts, sessions, personal chats and their
-- messages. Later changes are new numbered files; SQL functions live in `db/functions/`.

-- Accounts ---------------------------------------------------------------------------------------

create table users (
  id bigint generated always as identity primary key,
  username text not null,
  email text,
  password_hash text not null,
  display_name text,
  email_confirmed_at timestamptz,
  created_at timestamptz not null default now(),
  -- A deleted account keeps its row so its messages can show "deleted user".
  deleted_at timestamptz,
  find_by text not null default 'everyone'
    check (find_by in ('everyone', 'contacts', 'nobody')),
  message_from text not null default 'everyone'
    check (message_from in ('everyone', 'contacts')),
  last_seen_visible_to text not null default 'everyone'
    check (last_seen_visible_to in ('everyone', 'contacts', 'nobody')),
  last_seen_at timestamptz,
  lang text not null default 'en',
  avatar_version integer not null default 0,
  -- Base32 TOTP secret; confirmed once totp_enabled_at is set.
  totp_secret text,
  totp_enabled_at timestamptz,
  -- The last 30-second step a code was accepted for: a code is good once.
  totp_last_step bigint not null default 0,
  -- Bumped whenever the password changes, so a reset link cannot be used after another change.
  password_changed_at timestamptz not null default now(),
  -- Presence: online while some server process holds a connection of theirs and keeps pushing
  -- this forward; when it lapses or they leave, last_seen_at says when they were last on.
  online_until timestamptz
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
create index tokens_live_idx on tokens (user_id, created_at) where revoked_at is null;

create table totp_recovery_codes (
  id bigint generated always as identity primary key,
  user_id bigint not null references users (id) on delete cascade,
  code_hash text not null,
  used_at timestamptz
);
create index totp_recovery_codes_user_id_idx on totp_recovery_codes (user_id);

create table avatars (
  user_id bigint primary key references users (id) on delete cascade,
  mime text not null,
  data bytea not null,
  updated_at timestamptz not null default now()
);

-- Links sent by e-mail: confirmation, password reset, address change. Only a hash is kept.
create table email_links (
  id bigint generated always as identity primary key,
  user_id bigint not null references users (id) on delete cascade,
  purpose text not null check (purpose in ('confirm', 'reset', 'change_email')),
  token_hash text not null unique,
  email text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index email_links_user_id_idx on email_links (user_id, purpose);

create table outbox (
  id bigint generated always as identity primary key,
  recipient text not null,
  subject text not null,
  body text not null,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text
);
create index outbox_pending_idx on outbox (next_attempt_at) where sent_at is null;

-- Failed sign-ins per key ('user:<id>' or 'ip:<address>') within the current window.
create table login_throttle (
  key text primary key,
  failures integer not null,
  window_started_at timestamptz not null
);

create table contacts (
  owner_id bigint not null references users (id) on delete cascade,
  contact_id bigint not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (owner_id, contact_id),
  check (owner_id <> contact_id)
);
create index contacts_contact_id_idx on contacts (contact_id);

create table blocks (
  blocker_id bigint not null references users (id) on delete cascade,
  blocked_id bigint not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (blocker_id, blocked_id),
  check (blocker_id <> blocked_id)
);
create index blocks_blocked_id_idx on blocks (blocked_id);

-- Chats ------------------------------------------------------------------------------------------

create table chats (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('personal', 'group')),
  title text,
  created_by bigint references users (id) on delete set null,
  created_at timestamptz not null default now(),
  -- For a personal chat, its two members with the lower id first: one chat per pair.
  personal_low bigint references users (id) on delete set null,
  personal_high bigint references users (id) on delete set null,
  -- The last message's number in this chat, so that a client can tell when it missed one.
  last_seq bigint not null default 0,
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
  -- Deleting a chat "for me" hides its history up to this message from one member only.
  hidden_before bigint not null default 0,
  primary key (chat_id, user_id)
);
-- A user's chat list.
create index chat_members_user_id_idx on chat_members (user_id, chat_id);

create table messages (
  id bigint generated always as identity primary key,
  chat_id bigint not null references chats (id) on delete cascade,
  -- A deleted account's row stays (see users.deleted_at); should one be removed anyway, its
  -- messages stay, from no one.
  sender_id bigint references users (id) on delete set null,
  content text not null,
  content_type text not null default 'text'
    check (content_type in ('text', 'img', 'video', 'file', 'sticker')),
  -- The sender's own id for the message, so that a resend does not create a duplicate.
  client_id text,
  reply_to bigint references messages (id) on delete set null,
  created_at timestamptz not null default now(),
  edited_at timestamptz,
  deleted_at timestamptz,
  -- Numbered per chat in the order stored: see chats.last_seq.
  seq bigint not null
);
-- History pages and catch-up after reconnect both walk a chat by id.
create index messages_chat_id_id_idx on messages (chat_id, id);
create unique index messages_chat_id_seq_key on messages (chat_id, seq);
create unique index messages_client_id_key on messages (sender_id, client_id)
  where client_id is not null;
