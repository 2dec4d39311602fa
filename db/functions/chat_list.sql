-- A user's chat list (chats/list.ts) in one call: one JSON array, newest activity first, each chat
-- with its other member (personal chats), last message and unread count, and the groups the user
-- left or was removed from, which end where they left (`left`). One value rather than a
-- row per chat is less for PGlite's protocol reader to copy field by field.
create or replace function chat_list(me_id bigint) returns json
language plpgsql as $$
begin
  return (
    select coalesce(json_agg(row_to_json(chat) order by chat.active_at desc, chat.id desc), '[]')
    from (
      select c.id, c.kind, c.title, c.description, c.picture_version, c.last_seq, me.muted,
        me.role, me.upto is not null as left,
        -- A group's members are listed by those who need them (`membersOf`): a list of large groups
        -- stays small.
        c.member_count,
        o.id as other_id, o.username as other_username,
        coalesce(o.display_name, o.username) as other_name,
        o.avatar_version as other_avatar_version, o.deleted_at is not null as other_deleted,
        lm.id as last_id, lm.content as last_content, lm.content_type as last_type,
        lm.attachments -> 0 ->> 'kind' as last_file_kind,
        lm.attachments -> 0 ->> 'name' as last_file_name,
        lm.sender_id as last_sender_id,
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
            and m.id <= coalesce(me.upto, 9223372036854775807)
            and m.sender_id is distinct from me.user_id and m.deleted_at is null) as unread
      from (
        select chat_id, user_id, last_read_message_id, hidden_before, muted, role,
          null::bigint as upto
        from chat_members where user_id = me_id
        union all
        select chat_id, user_id, last_message_id, 0, true, null, last_message_id
        from former_members where user_id = me_id
      ) me
      join chats c on c.id = me.chat_id
      -- A personal chat's other member is read from the chat's own pair by key: read from its
      -- members instead, PGlite (which plans without statistics) joined every chat to a scan of
      -- all users.
      left join users o on c.kind = 'personal'
        and o.id = case when c.personal_low = me.user_id then c.personal_high else c.personal_low end
      left join lateral (
        select m.* from messages m
        where m.chat_id = c.id and m.deleted_at is null and m.id > me.hidden_before
          and m.id <= coalesce(me.upto, 9223372036854775807)
        order by m.id desc limit 1
      ) lm on true
      where me.hidden_before = 0 or lm.id is not null
    ) chat
  );
end
$$;
