-- Accounts: privacy, two-factor sign-in, avatars, one-time e-mail links, the mail outbox,
-- sign-in throttling, contacts and blocks.

alter table users
  add column find_by text not null default 'everyone'
    check (find_by in ('everyone', 'contacts', 'nobody')),
  add column message_from text not null default 'everyone'
    check (message_from in ('everyone', 'contacts')),
  add column last_seen_visible_to text not null default 'everyone'
    check (last_seen_visible_to in ('everyone', 'contacts', 'nobody')),
  add column last_seen_at timestamptz,
  add column lang text not null default 'en',
  add column avatar_version integer not null default 0,
  -- Base32 TOTP secret; confirmed once totp_enabled_at is set.
  add column totp_secret text,
  add column totp_enabled_at timestamptz,
  -- The last 30-second step a code was accepted for: a code is good once.
  add column totp_last_step bigint not null default 0,
  -- Bumped whenever the password changes, so a reset link cannot be used after another change.
  add column password_changed_at timestamptz not null default now();

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

create index tokens_live_idx on tokens (user_id, created_at) where revoked_at is null;
