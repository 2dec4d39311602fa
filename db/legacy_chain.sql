-- Brings a database made by the numbered migrations that came before the baseline (0001_init to
-- 0016_store_messages_in_fewer_steps) to the baseline's schema, keeping every row. `migrate.ts`
-- runs it once, under the migration lock, and then records the baseline as applied. The functions
-- of `db/functions/` are re-applied after it, as at every start.

-- The batch statement checked the chat's members against a version kept in memory by each
-- process; it now reads them itself, so the version and the triggers that moved it go.
drop trigger chat_members_added on chat_members;
drop trigger chat_members_removed on chat_members;
drop trigger blocks_added on blocks;
drop trigger blocks_removed on blocks;
drop function bump_members_version_of_chats();
drop function bump_members_version_of_pairs();
alter table chats drop column members_version;

-- Foreign keys back in place of the triggers that stood in for them. Rows they would refuse can
-- only be a message of a chat already gone, which no one could read, or of a sender removed.
drop trigger chats_deleted on chats;
drop trigger users_deleted on users;
drop function delete_messages_of_chats();
drop function forget_sender_of_messages();
delete from messages m where not exists (select 1 from chats c where c.id = m.chat_id);
update messages m set sender_id = null
where sender_id is not null and not exists (select 1 from users u where u.id = m.sender_id);
alter table messages
  add constraint messages_chat_id_fkey foreign key (chat_id)
    references chats (id) on delete cascade,
  add constraint messages_sender_id_fkey foreign key (sender_id)
    references users (id) on delete set null;

-- Every process hears every announcement now.
drop table message_listeners;

-- Replaced by the files of `db/functions/`, whose arguments differ.
drop function store_messages(
  bigint[], bigint[], text[], text[], text[], bigint[], bigint[], text, text
);
drop function chat_list(bigint);
drop function chat_history(bigint, bigint, bigint, bigint, bigint);
