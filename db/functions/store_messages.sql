-- Stores a batch of new messages (chats/group_commit.ts) in one call, so that a batch is one round
-- trip and one commit. It checks each message (its sender is a member of the chat, not blocked in a
-- personal chat, its reply target is in the chat, its client id is new), numbers the accepted ones
-- per chat, inserts them, and announces them on `channel` as chat events (chats/event_bus.ts) that
-- go out when the batch commits.
--
-- It answers one JSON object: `storedAt`; `outcomes`, one per message in the batch's order:
-- [refusal] for a refused one, [null, id, seq, senderName, avatarVersion] for a stored one, and
-- ["duplicate", message] for a client id the sender used before, with that message as
-- `chat_history` writes it (null when another process stored it a moment ago); and `members`, the
-- members of each chat that got messages, by chat id.
create or replace function store_messages(
  chat_ids bigint[],
  sender_ids bigint[],
  contents text[],
  content_types text[],
  client_ids text[],
  reply_tos bigint[],
  channel text,
  -- Names the storing process, which delivers its own messages without waiting for the news.
  origin text
) returns json
language plpgsql as $$
#variable_conflict use_column
declare
  answer json;
begin
  -- Each chat's row is held until the batch commits, in the order of ids so that two batches never
  -- wait on each other. Every change of a chat's members holds the row too, so the members read
  -- below, in a statement that starts once the rows are held, are those the messages join.
  perform 1 from chats where id = any(chat_ids) order by id for update;

  with input as (
    select * from unnest(chat_ids, sender_ids, contents, content_types, client_ids, reply_tos)
      with ordinality as i (chat_id, sender_id, content, content_type, client_id, reply_to, ord)
  ),
  chat as (
    select c.id as chat_id, array(
        select m.user_id from chat_members m where m.chat_id = c.id order by m.user_id
      ) as members,
      c.kind = 'personal' and exists (
        select 1 from blocks b
        where (b.blocker_id = c.personal_low and b.blocked_id = c.personal_high)
          or (b.blocker_id = c.personal_high and b.blocked_id = c.personal_low)
      ) as blocked
    from chats c where c.id in (select chat_id from input)
  ),
  checked as (
    select i.*, coalesce(u.display_name, u.username) as sender_name,
      coalesce(u.avatar_version, 0) as avatar_version, d.id as earlier_id,
      case
        when ch.chat_id is null or not (i.sender_id = any(ch.members)) then 'not_member'
        when ch.blocked then 'blocked'
        when d.id is not null then 'duplicate'
        when i.reply_to is not null and not exists (
          select 1 from messages r where r.id = i.reply_to and r.chat_id = i.chat_id
        ) then 'bad_reply'
      end as refusal
    from input i
    left join chat ch using (chat_id)
    left join users u on u.id = i.sender_id
    left join messages d on d.sender_id = i.sender_id and d.client_id = i.client_id
  ),
  numbered as (
    update chats c set last_seq = c.last_seq + a.n
    from (select chat_id, count(*) as n from checked where refusal is null group by chat_id) a
    where c.id = a.chat_id
    returning c.id as chat_id, c.last_seq - a.n as base
  ),
  -- With ORDER BY, volatile functions run after the sort: ids are drawn in the batch's order.
  described as (
    select k.ord, k.chat_id, k.sender_id, k.content, k.content_type, k.client_id, k.reply_to,
      nextval('messages_id_seq') as id,
      n.base + row_number() over (partition by k.chat_id order by k.ord) as seq
    from checked k join numbered n using (chat_id)
    where k.refusal is null
    order by k.ord
  ),
  -- A client id used for another chat at the same moment, by another process: that message is
  -- the one the sender gets.
  stored as (
    insert into messages
      (id, chat_id, sender_id, content, content_type, client_id, reply_to, seq, created_at)
    overriding system value
    select id, chat_id, sender_id, content, content_type, client_id, reply_to, seq, now()
    from described
    on conflict (sender_id, client_id) where client_id is not null do nothing
    returning id
  ),
  announced as (
    select pg_notify(channel, '{"origin":' || to_json(origin)::text || ',"events":['
        || string_agg('{"event":"message.new","messageId":' || s.id::text || '}', ',' order by s.id)
        || ']}')
    from (select id, (row_number() over (order by id) - 1) / 100 as chunk from stored) s
    group by s.chunk
  ),
  earlier as (
    select k.ord, json_build_object(
        'id', m.id, 'chat_id', m.chat_id, 'seq', m.seq, 'sender_id', m.sender_id,
        'sender_name', k.sender_name, 'sender_deleted', false,
        'sender_avatar_version', k.avatar_version, 'content', m.content,
        'content_type', m.content_type, 'client_id', m.client_id, 'reply_to', m.reply_to,
        'created_at', m.created_at, 'edited_at', m.edited_at
      ) as message
    from checked k join messages m on m.id = k.earlier_id
  )
  select json_build_object(
      'storedAt', now(),
      'outcomes', coalesce(json_agg(case
          when k.refusal = 'duplicate' then json_build_array('duplicate', e.message)
          when k.refusal is not null then json_build_array(k.refusal)
          when s.id is null then json_build_array('duplicate', null)
          else json_build_array(null, d.id, d.seq, k.sender_name, k.avatar_version)
        end order by k.ord), '[]'),
      'members', (
        select coalesce(json_object_agg(ch.chat_id, ch.members), '{}')
        from chat ch where ch.chat_id in (select chat_id from numbered)
      )
    ) into answer
  from checked k
  left join described d using (ord)
  left join stored s on s.id = d.id
  left join earlier e using (ord)
  -- Read so that the news is sent: a CTE that nothing reads is not run.
  where (select count(*) from announced) >= 0;
  return answer;
end
$$;
