-- A batch of new messages stored in one call (chats/group_commit.ts): it checks every message
-- (member, not blocked, reply target, client id not used before), numbers the accepted ones per
-- chat, inserts them, and announces each on `channel` in order; the news goes out at commit.
-- It returns a row per message of the batch (its position and refusal, if any), then a row per
-- stored message (by chat and number, with what its answer and push need).
--
-- A function, so that the statement is planned once per connection: as a prepared statement,
-- PostgreSQL planned it anew for each small batch (a custom plan, 1.3 ms of a single message's
-- 3.2), and PGlite plans every statement it is sent. The statement is written for its generic
-- plan, hence the setting below: it joins its steps only on small keys (a chat, a sender) or by
-- index, never row to row, because a generic plan estimates one row per step and a nested loop
-- over two steps of a 500-message batch would cost 250,000 comparisons. So the stored rows come
-- back on their own, by chat and number, for the caller to match to the batch. Lookups by an
-- outer row are LATERAL … LIMIT 1 so that they stay index probes rather than a hash of the
-- table, and what each chat of the batch got (its last number, its members) is gathered into one
-- object read by key, rather than joined chat by message.
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
  chat_id bigint,
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
    select p.chat_id, p.sender_id, case
        when m.user_id is null then 'not_member'
        when exists (select 1 from blocks where blocker_id = p.sender_id and blocked_id = o.other)
          or exists (select 1 from blocks where blocker_id = o.other and blocked_id = p.sender_id)
          then 'blocked'
      end as refusal
    from (select distinct chat_id, sender_id from input) p
    left join chat_members m on m.chat_id = p.chat_id and m.user_id = p.sender_id
    left join chats c on c.id = p.chat_id
    -- Blocks stop personal chats only: the other member of one.
    cross join lateral (select case when c.kind <> 'personal' then null
      when c.personal_low = p.sender_id then c.personal_high else c.personal_low end as other) o
  ),
  checked as (
    select i.*, coalesce(s.refusal, case
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
    returning c.id as chat_id, c.last_seq
  ),
  last_seqs as materialized (
    select jsonb_object_agg(chat_id, last_seq) as by_chat from numbered
  ),
  stored as (
    insert into messages (chat_id, sender_id, content, content_type, client_id, reply_to, seq)
    select a.chat_id, a.sender_id, a.content, a.content_type, a.client_id, a.reply_to,
      (l.by_chat ->> a.chat_id::text)::bigint - a.n + a.k
    from accepted a cross join last_seqs l
    order by a.ord
    returning *
  ),
  recipients as materialized (
    select jsonb_object_agg(nb.chat_id, (
      select jsonb_agg(user_id) from chat_members where chat_id = nb.chat_id
    )) as by_chat from numbered nb
  ),
  described as (
    select s.*, coalesce(u.display_name, u.username) as sender_name,
      coalesce(u.avatar_version, 0) as avatar_version,
      '{"origin":"' || origin || '","message":{"id":' || s.id::text
        || ',"chatId":' || s.chat_id::text
        || ',"seq":' || s.seq::text || ',"senderId":' || s.sender_id::text
        || ',"senderName":' || to_json(coalesce(u.display_name, u.username))::text
        || ',"senderDeleted":false,"senderAvatarVersion":' || coalesce(u.avatar_version, 0)::text
        || ',"content":' || to_json(s.content)::text
        || ',"contentType":"' || s.content_type || '"'
        || ',"clientId":' || coalesce(to_json(s.client_id)::text, 'null')
        || ',"replyTo":' || coalesce(s.reply_to::text, 'null')
        || ',"createdAt":"'
        || to_char(s.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
        || '","editedAt":null},"userIds":' || (rc.by_chat -> s.chat_id::text)::text || '}' as news,
      rc.by_chat -> s.chat_id::text as user_ids
    from stored s join users u on u.id = s.sender_id cross join recipients rc
  ),
  -- With ORDER BY, volatile functions run after the sort: the news goes out in the batch's order.
  announced as (
    select id, chat_id, seq, created_at, sender_name, avatar_version, user_ids, pg_notify(channel,
      case when octet_length(news) <= payload_limit then news
        else '{"origin":"' || origin || '","id":' || id::text || '}' end)
    from described order by id
  )
  select ord, refusal, chat_id, null::bigint as id, null::bigint as seq,
    null::timestamptz as created_at, null::text as sender_name, null::int as avatar_version,
    null::jsonb as user_ids
  from checked
  union all
  select null, null, chat_id, id, seq, created_at, sender_name, avatar_version, user_ids
  from announced;
end
$$;
