-- `store_messages` answers a batch with one row: the time its messages were stored at, and what
-- became of each message as a JSON array, in the batch's order. It answered with a row of seven
-- columns per message, and reading 500 of those took PGlite 5.1–6.5 ms, against 1.3 for the same
-- outcomes as one JSON value: its protocol reader copies every field into a buffer of its own and
-- parses each timestamp, and postgres.js too reads field by field. Each outcome is
--   [refusal]                                             'bad_reply', 'duplicate' or 'stale';
--   [null, id, seq, sender_name, sender_avatar_version]   stored.
-- The rest is 0010_sender_rights_in_memory.sql's `store_messages`, unchanged.
drop function store_messages(bigint[], bigint[], text[], text[], text[], bigint[], bigint[], text,
  text);

create function store_messages(
  chat_ids bigint[],
  sender_ids bigint[],
  contents text[],
  content_types text[],
  client_ids text[],
  reply_tos bigint[],
  -- `members_version` of the chat when the process checked the sender against it.
  versions bigint[],
  channel text,
  -- Names the announcing process, which passes over its own announcements.
  origin text
) returns table (stored_at timestamptz, outcomes json) language plpgsql set plan_cache_mode = force_generic_plan as $$
#variable_conflict use_column
begin
  return query
  with input as (
    select * from unnest(chat_ids, sender_ids, contents, content_types, client_ids, reply_tos,
        versions)
      with ordinality as i (chat_id, sender_id, content, content_type, client_id, reply_to,
        version, ord)
  ),
  senders as materialized (
    select p.sender_id, u.sender_name, u.avatar_version
    from (select distinct sender_id from input) p
    left join lateral (
      select coalesce(display_name, username) as sender_name,
        coalesce(avatar_version, 0) as avatar_version
      from users where id = p.sender_id limit 1
    ) u on true
  ),
  checked as (
    select i.*, s.sender_name, s.avatar_version, case
        when i.reply_to is not null and r.id is null then 'bad_reply'
        when d.id is not null then 'duplicate'
      end as refusal
    from input i
    join senders s using (sender_id)
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
  -- A chat whose messages were checked against different versions is refused as a whole.
  numbered as (
    update chats c set last_seq = c.last_seq + a.n
    from (
      select chat_id, n, min(version) as version from accepted
      group by chat_id, n having min(version) = max(version)
    ) a
    where c.id = a.chat_id and c.members_version = a.version
    returning c.id as chat_id, c.last_seq
  ),
  by_chat as materialized (
    select coalesce(jsonb_object_agg(chat_id, last_seq), '{}') as last_seqs from numbered
  ),
  -- With ORDER BY, volatile functions run after the sort: ids are drawn in the batch's order.
  described as (
    select a.*, nextval('messages_id_seq') as id,
      (b.last_seqs ->> a.chat_id::text)::bigint - a.n + a.k as seq
    from accepted a cross join by_chat b
    where b.last_seqs ? a.chat_id::text
    order by a.ord
  ),
  stored as (
    insert into messages
      (id, chat_id, sender_id, content, content_type, client_id, reply_to, seq, created_at)
    overriding system value
    select id, chat_id, sender_id, content, content_type, client_id, reply_to, seq, now()
    from described
  ),
  -- Ids only, 400 to a notification to stay under NOTIFY's 8,000 bytes, in the batch's order (with
  -- ORDER BY, volatile functions run after the sort).
  announced as (
    select pg_notify(channel, '{"origin":"' || origin || '","ids":[' || c.ids || ']}')
    from (
      select chunk, string_agg(id::text, ',' order by id) as ids
      from (select id, (row_number() over (order by id) - 1) / 400 as chunk from described) d
      group by chunk
    ) c
    -- Only another process needs the news: the storing one already has the messages.
    where exists (
      select 1 from message_listeners l where l.origin <> store_messages.origin
    )
    order by c.chunk
  )
  select now(), json_agg(o.outcome order by o.ord)
  from (
    select c.ord, json_build_array(c.refusal) as outcome from checked c where c.refusal is not null
    union all
    select a.ord, json_build_array('stale')
    from accepted a cross join by_chat b where not b.last_seqs ? a.chat_id::text
    union all
    select d.ord, json_build_array(null, d.id, d.seq, d.sender_name, d.avatar_version)
    from described d
  ) o
  -- Read so that the notifications are sent: a CTE that nothing reads is not run.
  where (select count(*) from announced) >= 0;
end
$$;
alter function store_messages(bigint[], bigint[], text[], text[], text[], bigint[], bigint[],
  text, text) set enable_seqscan = off;
alter function store_messages(bigint[], bigint[], text[], text[], text[], bigint[], bigint[],
  text, text) set enable_bitmapscan = off;
