-- A page of a chat's history (chats/messages.ts `history`) in one call, as one JSON array of
-- messages in the order of their ids: the latest `page_size` before `before` when `after` is null,
-- else the first `page_size` after `after`. Null when `me` is not a member of the chat. A chat
-- deleted "for me" starts after the last message it had then (`hidden_before`); a group that `me`
-- left or was removed from ends with the last message there was then.
create or replace function chat_history(
  chat bigint, me bigint, before bigint, after bigint, page_size bigint
) returns json
language plpgsql as $$
declare
  hidden bigint;
  upto bigint := 9223372036854775807;
  page json;
begin
  select m.hidden_before into hidden from chat_members m where m.chat_id = chat and m.user_id = me;
  if not found then
    select 0, f.last_message_id into hidden, upto from former_members f
    where f.chat_id = chat and f.user_id = me;
    if not found then
      return null;
    end if;
  end if;
  -- Two statements rather than one ordered either way: each plan walks the index in one direction.
  if after is null then
    select coalesce(json_agg(p order by p.id), '[]') into page from (
      select m.id, m.chat_id, m.seq, m.sender_id,
        coalesce(u.display_name, u.username) as sender_name,
        u.deleted_at is not null as sender_deleted,
        coalesce(u.avatar_version, 0) as sender_avatar_version,
        m.content, m.content_type, m.client_id, m.reply_to, m.created_at, m.edited_at,
        m.attachments, m.forwarded_from
      from messages m left join users u on u.id = m.sender_id
      where m.chat_id = chat and m.id < before and m.id <= upto and m.id > hidden
        and m.deleted_at is null
      order by m.id desc limit page_size
    ) p;
  else
    select coalesce(json_agg(p order by p.id), '[]') into page from (
      select m.id, m.chat_id, m.seq, m.sender_id,
        coalesce(u.display_name, u.username) as sender_name,
        u.deleted_at is not null as sender_deleted,
        coalesce(u.avatar_version, 0) as sender_avatar_version,
        m.content, m.content_type, m.client_id, m.reply_to, m.created_at, m.edited_at,
        m.attachments, m.forwarded_from
      from messages m left join users u on u.id = m.sender_id
      where m.chat_id = chat and m.id > greatest(after, hidden) and m.id <= upto
        and m.deleted_at is null
      order by m.id limit page_size
    ) p;
  end if;
  return page;
end
$$;
