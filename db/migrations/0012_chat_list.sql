-- A user's chat list (chats/list.ts) as a function, for two reasons measured on PGlite with 100
-- chats, where it took 6.5–7.6 ms:
-- - A function's plan is made once per connection and kept: PGlite, which has no prepared
--   statements of its own, planned the query on every call, about 2 ms of it.
-- - Each chat comes back as one JSON value instead of 17 columns: PGlite's protocol reader copies
--   every field into a buffer of its own, about 2 ms more. Together: 3.3–3.4 ms.
-- As with `store_messages` (0009), the kept plan must not rest on the statistics of the moment it
-- was made: a new installation's small tables would have it scan `messages` for every chat.
create function chat_list(me_id bigint) returns setof json
language plpgsql set plan_cache_mode = force_generic_plan as $$
begin
  return query
  select row_to_json(chat) from (
    select c.id, c.kind, c.title, c.last_seq, me.muted,
      case when c.kind = 'personal' then array_remove(array[o.id], null)
        else array(select om.user_id from chat_members om
                   where om.chat_id = c.id and om.user_id <> me.user_id order by om.user_id)
      end as member_ids,
      o.id as other_id, o.username as other_username,
      coalesce(o.display_name, o.username) as other_name,
      o.avatar_version as other_avatar_version, o.deleted_at is not null as other_deleted,
      lm.id as last_id, lm.content as last_content, lm.sender_id as last_sender_id,
      coalesce(lu.display_name, lu.username) as last_sender, lm.created_at as last_at,
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
    left join users lu on lu.id = lm.sender_id
    where me.user_id = me_id and (me.hidden_before = 0 or lm.id is not null)
    order by coalesce(lm.created_at, c.created_at) desc, c.id desc
  ) chat;
end
$$;
alter function chat_list(bigint) set enable_seqscan = off;
alter function chat_list(bigint) set enable_bitmapscan = off;
