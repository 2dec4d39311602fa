-- A batch of new messages stored in one call (chats/group_commit.ts): it checks every message
-- (member, not blocked, reply target, client id not used before), numbers the accepted ones per
-- chat, inserts them, and announces each on `channel` in order; the news goes out at commit.
-- It returns one row per message of the batch: its refusal, or what its answer and push need.
--
-- A function, so that the statement is planned once per connection: as a prepared statement,
-- PostgreSQL planned it anew for each small batch (a custom plan, 1.3 ms of a single message's
-- 3.2), and PGlite plans every statement it is sent. The statement is written for its generic
-- plan, hence the setting below: it joins its steps only on small keys (a chat, a sender) or by
-- index, never row to row, because a generic plan estimates one row per step and a nested loop
-- over two steps of a 500-message batch would cost 250,000 comparisons. Lookups by an outer row
-- are LATERAL … LIMIT 1 so that they stay index probes rather than a scan of the table, and what
-- each chat of the batch got (its last number, its members) is gathered into one object read by
-- key, rather than joined chat by message. A message's id is drawn before it is inserted, so
-- that its row needs nothing back from the insert.
--
-- The announcement is JSON written by concatenation: `json_build_object` looks up the type of each
-- of its arguments on every call, which made it a quarter of the statement's time.
create function store_messages(
  chat_ids bigint[],
  sender_ids bigint[],
  contents text[],
  content_types text[],
  client_ids text[],
  reply_tos bigint[],
  channel text,
  -- NOTIFY payloads must stay under 8,000 bytes: a longer message is announced by its id.
  payload_limit int,
  -- Names the announcing process, which passes over its own announcements.
  origin text
) returns table (
  ord bigint,
  refusal text,
  id bigint,
  seq bigint,
  created_at timestamptz,
  sender_name text,
  avatar_version int,
  user_ids jsonb
) language plpgsql set plan_cache_mode = force_generic_plan as $$
#variable_conflict use_column
begin
  return query
  with input as (
    select * from unnest(chat_ids, sender_ids, contents, content_types, client_ids, reply_tos)
      with ordinality as i (chat_id, sender_id, content, content_type, client_id, reply_to, ord)
  ),
  senders as materialized (
    select p.chat_id, p.sender_id, u.sender_name, u.avatar_version, case
        when m.user_id is null then 'not_member'
        when exists (select 1 from blocks where blocker_id = p.sender_id and blocked_id = o.other)
          or exists (select 1 from blocks where blocker_id = o.other and blocked_id = p.sender_id)
          then 'blocked'
      end as refusal
    from (select distinct chat_id, sender_id from input) p
    left join lateral (
      select user_id from chat_members where chat_id = p.chat_id and user_id = p.sender_id limit 1
    ) m on true
    -- Blocks stop personal chats only: the other member of one.
    left join lateral (
      select case when kind <> 'personal' then null
        when personal_low = p.sender_id then personal_high else personal_low end as other
      from chats where id = p.chat_id limit 1
    ) o on true
    left join lateral (
      select coalesce(display_name, username) as sender_name,
        coalesce(avatar_version, 0) as avatar_version
      from users where id = p.sender_id limit 1
    ) u on true
  ),
  checked as (
    select i.*, s.sender_name, s.avatar_version, coalesce(s.refusal, case
        when i.reply_to is not null and r.id is null then 'bad_reply'
        when d.id is not null then 'duplicate'
      end) as refusal
    from input i
    join senders s using (chat_id, sender_id)
    left join lateral (
      select id from messages where id = i.reply_to and chat_id = i.chat_id limit 1
    ) r on true
    left join lateral (
      select id from messages where sender_id = i.sender_id and client_id = i.client_id limit 1
    ) d on true
  ),
  accepted as (
    select *, row_number() over (partition by chat_id order by ord) as k,
      count(*) over (partition by chat_id) as n
    from checked where refusal is null
  ),
  numbered as (
    update chats c set last_seq = c.last_seq + a.n
    from (select distinct chat_id, n from accepted) a where c.id = a.chat_id
    returning c.id as chat_id, c.last_seq,
      (select jsonb_agg(user_id) from chat_members where chat_id = c.id) as members
  ),
  by_chat as materialized (
    select jsonb_object_agg(chat_id, last_seq) as last_seqs,
      jsonb_object_agg(chat_id, members) as members
    from numbered
  ),
  -- With ORDER BY, volatile functions run after the sort: ids are drawn in the batch's order.
  described as (
    select a.*, nextval('messages_id_seq') as id,
      (b.last_seqs ->> a.chat_id::text)::bigint - a.n + a.k as seq,
      b.members -> a.chat_id::text as user_ids
    from accepted a cross join by_chat b
    order by a.ord
  ),
  stored as (
    insert into messages
      (id, chat_id, sender_id, content, content_type, client_id, reply_to, seq, created_at)
    overriding system value
    select id, chat_id, sender_id, content, content_type, client_id, reply_to, seq, now()
    from described
  ),
  announced as (
    select d.*, pg_notify(channel, case when octet_length(d.news) <= payload_limit then d.news
        else '{"origin":"' || origin || '","id":' || d.id::text || '}' end)
    from (
      select ord, id, seq, sender_name, avatar_version, user_ids,
        '{"origin":"' || origin || '","message":{"id":' || id::text
          || ',"chatId":' || chat_id::text || ',"seq":' || seq::text
          || ',"senderId":' || sender_id::text || ',"senderName":' || to_json(sender_name)::text
          || ',"senderDeleted":false,"senderAvatarVersion":' || avatar_version::text
          || ',"content":' || to_json(content)::text
          || ',"contentType":"' || content_type || '"'
          || ',"clientId":' || coalesce(to_json(client_id)::text, 'null')
          || ',"replyTo":' || coalesce(reply_to::text, 'null')
          || ',"createdAt":"'
          || to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
          || '","editedAt":null},"userIds":' || user_ids::text || '}' as news
      from described
    ) d
    -- The news goes out in the batch's order.
    order by d.id
  )
  select ord, refusal, null::bigint, null::bigint, null::timestamptz, null::text, null::int,
    null::jsonb
  from checked where refusal is not null
  union all
  select ord, null, id, seq, now(), sender_name, avatar_version, user_ids from announced;
end
$$;
