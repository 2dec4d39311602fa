-- Who may send to a chat is kept in each process's memory (chats/send_rights.ts) instead of being
-- looked up by `store_messages` for every sender of every batch. What keeps that memory honest is
-- `members_version`: every change of who is in a chat, and every block or unblock between the two
-- members of a personal chat, moves it on in the same transaction. A batch stores a chat's
-- messages only when the version its process checked them against is still the chat's; otherwise
-- it refuses them as 'stale', and the process reads the chat again and checks them once more. The
-- chat's row is the one the batch updates anyway to number the messages, so the comparison costs
-- nothing, and its row lock orders a batch and a change of members strictly.
alter table chats add column members_version bigint not null default 0;

create function bump_members_version_of_chats() returns trigger language plpgsql as $$
begin
  update chats set members_version = members_version + 1
  where id in (select chat_id from changed);
  return null;
end
$$;
create trigger chat_members_added after insert on chat_members
  referencing new table as changed for each statement
  execute function bump_members_version_of_chats();
create trigger chat_members_removed after delete on chat_members
  referencing old table as changed for each statement
  execute function bump_members_version_of_chats();

-- A block stops the personal chat of the pair, whichever of the two blocked the other.
create function bump_members_version_of_pairs() returns trigger language plpgsql as $$
begin
  update chats c set members_version = c.members_version + 1
  from changed b
  where c.kind = 'personal'
    and c.personal_low = least(b.blocker_id, b.blocked_id)
    and c.personal_high = greatest(b.blocker_id, b.blocked_id);
  return null;
end
$$;
create trigger blocks_added after insert on blocks
  referencing new table as changed for each statement
  execute function bump_members_version_of_pairs();
create trigger blocks_removed after delete on blocks
  referencing old table as changed for each statement
  execute function bump_members_version_of_pairs();

-- The rest is 0008_message_listeners.sql's `store_messages`, less the membership, block and
-- members lookups, which the process now brings: each message comes with the version it was
-- checked against, and the chat's members go to the push from the same memory.
drop function store_messages(bigint[], bigint[], text[], text[], text[], bigint[], text, text);

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
) returns table (
  ord bigint,
  refusal text,
  id bigint,
  seq bigint,
  created_at timestamptz,
  sender_name text,
  avatar_version int
) language plpgsql set plan_cache_mode = force_generic_plan as $$
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
  select ord, refusal, null::bigint, null::bigint, null::timestamptz, null::text, null::int
  from checked where refusal is not null
  union all
  select a.ord, 'stale', null, null, null, null, null
  from accepted a cross join by_chat b where not b.last_seqs ? a.chat_id::text
  union all
  select ord, null, id, seq, now(), sender_name, avatar_version from described
  -- Read so that the notifications are sent: a CTE that nothing reads is not run.
  where (select count(*) from announced) >= 0;
end
$$;
alter function store_messages(bigint[], bigint[], text[], text[], text[], bigint[], bigint[],
  text, text) set enable_seqscan = off;
alter function store_messages(bigint[], bigint[], text[], text[], text[], bigint[], bigint[],
  text, text) set enable_bitmapscan = off;
