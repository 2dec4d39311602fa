-- A message's chat and sender were checked twice as it was stored: by `store_messages`, which
-- stores a chat's messages only after updating (so locking, until it commits) that chat's row, and
-- only for senders found among its members as of the chat's `members_version` (0010), and again,
-- row by row, by these two foreign keys, whose checks lock the chat's and the sender's rows once
-- more. The second check was a third of the batch statement's time (`EXPLAIN ANALYZE`, 500
-- messages: 5.5 of 17.4 ms) and changed nothing: a member is a user (`chat_members` references
-- `users`), and a chat or a member removed meanwhile moves the version on, behind the row lock the
-- batch holds. So the keys go, and what they did when a row went is done by triggers instead.
alter table messages drop constraint messages_chat_id_fkey;
alter table messages drop constraint messages_sender_id_fkey;

-- A deleted chat takes its messages with it.
create function delete_messages_of_chats() returns trigger language plpgsql as $$
begin
  delete from messages where chat_id in (select id from gone);
  return null;
end
$$;
create trigger chats_deleted after delete on chats
  referencing old table as gone for each statement
  execute function delete_messages_of_chats();

-- A user's row is kept when the account is deleted (see accounts/profile.ts); should one be
-- removed anyway, its messages stay, from no one.
create function forget_sender_of_messages() returns trigger language plpgsql as $$
begin
  update messages set sender_id = null where sender_id in (select id from gone);
  return null;
end
$$;
create trigger users_deleted after delete on users
  referencing old table as gone for each statement
  execute function forget_sender_of_messages();
