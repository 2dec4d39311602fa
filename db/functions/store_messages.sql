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
--
-- Its plans are kept per connection, so every lookup must stay an index probe per message whatever
-- the statistics were when a plan was made: each is a scalar subquery by a unique key, and steps
-- are joined only by key (what each chat got is one JSON object read by key), never row to row.
-- Scans by index only: PGlite, which never gathers statistics, otherwise plans scans that made a
-- batch much slower (docs/performance.md, `deno task bench:statement`).
create or replace function store_messages(
  chat_ids bigint[],
  sender_ids bigint[],
  contents text[],
  content_types text[],
  client_ids text[],
  reply_tos bigint[],
  -- Each message's files as a JSON array (`messages.attachments`), or null.
  attachment_lists text[],
  channel text,
  -- Names the storing process, which delivers its own messages without waiting for the news.
  origin text
) returns json
language plpgsql
set enable_seqscan = off
set enable_bitmapscan = off
as $$
#variable_conflict use_column
declare
  answer json;
begin
  -- Each chat's row is held until the batch commits, in the order of ids so that two batches never
  -- wait on each other. A change of a chat's members holds the row too, so the members read below,
  -- in a statement that starts once the rows are held, are those the messages join.
  perform 1 from chats where id = any(chat_ids) order by id for update;

  with input as materialized (
    select i.*, coalesce(u.display_name, u.username) as sender_name,
      coalesce(u.avatar_version, 0) as avatar_version,
      (select d.id from messages d where d.sender_id = i.sender_id and d.client_id = i.client_id)
        as earlier_id,
      case
        when (
          select m.user_id from chat_members m where m.chat_id = i.chat_id and m.user_id = i.sender_id
        ) is null then 'not_member'
        when (
          select b.blocker_id from chats c join blocks b
            on (b.blocker_id = c.personal_low and b.blocked_id = c.personal_high)
            or (b.blocker_id = c.personal_high and b.blocked_id = c.personal_low)
          where c.id = i.chat_id and c.kind = 'personal' limit 1
        ) is not null then 'blocked'
      end as refusal
    from unnest(chat_ids, sender_ids, contents, content_types, client_ids, reply_tos,
        attachment_lists::jsonb[])
      with ordinality as i (chat_id, sender_id, content, content_type, client_id, reply_to,
        attachments, ord)
    left join users u on u.id = i.sender_id
  ),
  checked as materialized (
    select i.*, coalesce(i.refusal, case
        when i.earlier_id is not null then 'duplicate'
        when i.reply_to is not null and (
          select r.id from messages r where r.id = i.reply_to and r.chat_id = i.chat_id
        ) is null then 'bad_reply'
        -- Each file must be the sender's own, complete, and not sent yet.
        when i.attachments is not null and (
          select count(*) from jsonb_array_elements(i.attachments) a
          where (
            select u.id from uploads u
            where u.id = a ->> 'id' and u.owner_id = i.sender_id and u.sha256 is not null
              and u.message_id is null and u.ticket_message_id is null
          ) is not null
        ) <> jsonb_array_length(i.attachments) then 'bad_attachment'
      end) as outcome
    from input i
  ),
  numbered as (
    update chats c set last_seq = c.last_seq + a.n
    from (select chat_id, count(*) as n from checked where outcome is null group by chat_id) a
    where c.id = a.chat_id
    returning c.id as chat_id, c.last_seq - a.n as base,
      (select json_agg(m.user_id order by m.user_id) from chat_members m where m.chat_id = c.id)
        as members
  ),
  -- Read by key: joined instead, the generic plan's nested loops grow with the square of a batch.
  by_chat as materialized (
    select coalesce(jsonb_object_agg(chat_id, base), '{}') as bases,
      coalesce(json_object_agg(chat_id, members), '{}') as members
    from numbered
  ),
  -- With ORDER BY, volatile functions run after the sort: ids are drawn in the batch's order.
  described as materialized (
    select k.*, nextval('messages_id_seq') as id,
      (b.bases ->> k.chat_id::text)::bigint
        + row_number() over (partition by k.chat_id order by k.ord) as seq
    from checked k cross join by_chat b
    where k.outcome is null and b.bases ? k.chat_id::text
    order by k.ord
  ),
  -- A client id used for another chat at the same moment, by another process, is not stored
  -- again: that message is the one the sender gets.
  stored as (
    insert into messages (id, chat_id, sender_id, content, content_type, client_id, reply_to, seq,
      created_at, attachments)
    overriding system value
    select id, chat_id, sender_id, content, content_type, client_id, reply_to, seq, now(),
      attachments
    from described
    on conflict (sender_id, client_id) where client_id is not null do nothing
    returning id, attachments
  ),
  -- The files now belong to their message: whoever reads the chat may fetch them. (A statement
  -- that changes rows runs whether or not anything reads it.)
  attached as (
    update uploads u set message_id = s.id
    from stored s cross join lateral jsonb_array_elements(s.attachments) a
    where u.id = a ->> 'id' and u.message_id is null
  ),
  inserted as materialized (
    select coalesce(jsonb_object_agg(id, true), '{}') as ids from stored
  ),
  -- What became of each numbered message, by its place in the batch: [id, seq, inserted].
  placed as materialized (
    select coalesce(jsonb_object_agg(d.ord, jsonb_build_array(d.id, d.seq, i.ids ? d.id::text)), '{}')
      as by_ord
    from described d cross join inserted i
  ),
  announced as (
    select pg_notify(channel, '{"origin":' || to_json(origin)::text || ',"events":['
        || string_agg('{"event":"message.new","messageId":' || s.id::text || '}', ',' order by s.id)
        || ']}')
    from (select id, (row_number() over (order by id) - 1) / 100 as chunk from stored) s
    group by s.chunk
  )
  select json_build_object(
      'storedAt', now(),
      'outcomes', coalesce(json_agg(case
          when k.outcome = 'duplicate' then json_build_array('duplicate', (
            select json_build_object(
                'id', m.id, 'chat_id', m.chat_id, 'seq', m.seq, 'sender_id', m.sender_id,
                'sender_name', k.sender_name, 'sender_deleted', false,
                'sender_avatar_version', k.avatar_version, 'content', m.content,
                'content_type', m.content_type, 'client_id', m.client_id, 'reply_to', m.reply_to,
                'created_at', m.created_at, 'edited_at', m.edited_at,
                'attachments', m.attachments
              )
            from messages m where m.id = k.earlier_id
          ))
          when k.outcome is not null then json_build_array(k.outcome)
          when not (p.by_ord ? k.ord::text) then json_build_array('not_member')
          when not (p.by_ord -> k.ord::text ->> 2)::boolean then json_build_array('duplicate', null)
          else json_build_array(null, (p.by_ord -> k.ord::text ->> 0)::bigint,
            (p.by_ord -> k.ord::text ->> 1)::bigint, k.sender_name, k.avatar_version)
        end order by k.ord), '[]'),
      'members', (select members from by_chat)
    ) into answer
  from checked k cross join placed p
  -- Read so that the news is sent: a CTE that nothing reads is not run.
  where (select count(*) from announced) >= 0;
  return answer;
end
$$;
