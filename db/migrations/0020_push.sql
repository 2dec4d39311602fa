-- Web Push (push/): each device that allows notifications leaves its push subscription, tied to
-- the session it signed in with: the subscription ends with the session.
create table push_subscriptions (
  id bigint generated always as identity primary key,
  token_id bigint not null references tokens (id) on delete cascade,
  user_id bigint not null references users (id) on delete cascade,
  -- Where the push service takes messages for the device, and the keys to encrypt them with.
  endpoint text not null unique,
  p256dh text not null,
  auth text not null,
  created_at timestamptz not null default now()
);
create index push_subscriptions_user_id_idx on push_subscriptions (user_id);
create index push_subscriptions_token_id_idx on push_subscriptions (token_id);

-- Privacy: whether a notification shows the message's words, or only that one came.
alter table users add column push_shows_text boolean not null default true;
