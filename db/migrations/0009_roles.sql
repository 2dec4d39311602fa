-- Who may support users and run the installation, who may not sign in, and what staff did.
alter table users add column role text not null default 'user'
  check (role in ('user', 'support', 'admin'));
-- A suspended account cannot sign in; its owner is told why.
alter table users add column suspended_at timestamptz;
alter table users add column suspended_reason text;
create index users_staff_idx on users (role) where role <> 'user';

-- Every admin and support action: who did what, when, to whom or what.
create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_id bigint references users (id) on delete set null,
  action text not null,
  target_user_id bigint references users (id) on delete set null,
  -- Another kind of target, named: a ticket, a message, an article.
  target text,
  details jsonb not null default '{}'
);
create index audit_log_at_idx on audit_log (at desc, id desc);
create index audit_log_target_user_idx on audit_log (target_user_id) where target_user_id is not null;
