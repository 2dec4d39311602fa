-- A user's chat list (chats/list.ts) in one call: one JSON array, newest activity first, each chat
-- with its other member (personal chats), last message and unread count. One value rather than a
-- row per chat is less for PGlite's protocol reader to copy field by field.
create or replace function chat_list(me_id bigint) returns json
language plpgsql as $$
begin
  return (
    select coalesce(json_agg(row_to_json(chat) order by chat.active_at desc, chat.id desc), '[]')
    from (
      select c.id, c.kind, c.title, c.last_seq, me.muted,
        case when c.kind = 'personal' then array_remove(array[o.id], null)
          else array(select om.user_id from chat_members om
                     where om.chat_id = c.id and om.user_id <> me.user_id order by om.user_id)
        end as member_ids,
        o.id as other_id, o.username as other_username,
        coalesce(o.display_name, o.username) as other_name,
        o.avatar_version as other_avatar_version, o.deleted_at is not null as other_deleted,
        lm.id as last_id, lm.content as last_content, lm.sender_id as last_sender_id,
        case
          when lm.sender_id = o.id then coalesce(o.display_name, o.username)
          -- Not correlated with the chat: read once for the whole list.
          when lm.sender_id = me.user_id then
            (select coalesce(u.display_name, u.username) from users u where u.id = me_id)
          else
            (select coalesce(lu.display_name, lu.username) from users lu where lu.id = lm.sender_id)
        end as last_sender,
        lm.created_at as last_at,
        coalesce(lm.created_at, c.created_at) as active_at,
        (select count(*) from messages m
          where m.chat_id = c.id
            and m.id > greatest(me.last_read_message_id, me.hidden_before)
            and m.sender_id is distinct from me.user_id and m.deleted_at is null) as unread
      from chat_members me
      join chats c on c.id = me.chat_id
      -- A personal chat's other member is read from the chat's own pair by key: read from its
      -- members instead, PGlite (which plans without statistics) joined every chat to a scan of
      -- all users.
      left join users o on c.kind = 'personal'
        and o.id = case when c.personal_low = me.user_id then c.personal_high else c.personal_low end
      left join lateral (
        select m.* from messages m
        where m.chat_id = c.id and m.deleted_at is null and m.id > me.hidden_before
        order by m.id desc limit 1
      ) lm on true
      where me.user_id = me_id and (me.hidden_before = 0 or lm.id is not null)
    ) chat
  );
end
$$;
