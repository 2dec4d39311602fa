-- Groups: a description and a picture; one owner; members who left or were removed, who keep
-- reading what was there until then; invitations for those who are added by contacts only; invite
-- links; and system messages, which tell the history of the group in it.

alter table chats add column description text not null default '';
alter table chats add column picture_version integer not null default 0;

create table chat_pictures (
  chat_id bigint primary key references chats (id) on delete cascade,
  mime text not null,
  data bytea not null,
  updated_at timestamptz not null default now()
);

create unique index chat_members_owner_key on chat_members (chat_id) where role = 'owner';

-- A member who left or was removed reads the history up to `last_message_id`, and nothing after.
create table former_members (
  chat_id bigint not null references chats (id) on delete cascade,
  user_id bigint not null references users (id) on delete cascade,
  last_message_id bigint not null,
  left_at timestamptz not null default now(),
  primary key (chat_id, user_id)
);
create index former_members_user_id_idx on former_members (user_id);

-- Who may add the user to a group straight away; others send an invitation, which they accept.
alter table users add column group_add_from text not null default 'everyone'
  check (group_add_from in ('everyone', 'contacts'));

create table group_invitations (
  chat_id bigint not null references chats (id) on delete cascade,
  user_id bigint not null references users (id) on delete cascade,
  invited_by bigint references users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (chat_id, user_id)
);
create index group_invitations_user_id_idx on group_invitations (user_id);

create table invite_links (
  id bigint generated always as identity primary key,
  chat_id bigint not null references chats (id) on delete cascade,
  code text not null unique,
  created_by bigint references users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  max_uses integer check (max_uses > 0),
  uses integer not null default 0,
  revoked_at timestamptz
);
create index invite_links_chat_id_idx on invite_links (chat_id);

alter table messages drop constraint messages_content_type_check;
alter table messages add constraint messages_content_type_check
  check (content_type in ('text', 'img', 'video', 'file', 'sticker', 'system'));

-- When a member's read position moved, in chats of up to 100 members: who read a message, and when,
-- is the first receipt at or past it. Larger groups show how many read it.
create table read_receipts (
  chat_id bigint not null references chats (id) on delete cascade,
  user_id bigint not null references users (id) on delete cascade,
  message_id bigint not null,
  read_at timestamptz not null default now(),
  primary key (chat_id, message_id, user_id)
);

-- How many members each chat has, kept by the database whatever adds or removes them: a chat list
-- of large groups reads it rather than counting their members.
alter table chats add column member_count integer not null default 0;
update chats c set member_count = (select count(*) from chat_members m where m.chat_id = c.id);

create function chat_members_added() returns trigger language plpgsql as $$
begin
  update chats c set member_count = c.member_count + a.n
  from (select chat_id, count(*)::int as n from added group by chat_id) a
  where c.id = a.chat_id;
  return null;
end
$$;

create function chat_members_removed() returns trigger language plpgsql as $$
begin
  update chats c set member_count = c.member_count - r.n
  from (select chat_id, count(*)::int as n from removed group by chat_id) r
  where c.id = r.chat_id;
  return null;
end
$$;

create trigger chat_members_counted_in after insert on chat_members
  referencing new table as added for each statement execute function chat_members_added();
create trigger chat_members_counted_out after delete on chat_members
  referencing old table as removed for each statement execute function chat_members_removed();
