-- A sequence number per chat, so that a client can tell when it missed a message.

alter table chats add column last_seq bigint not null default 0;
alter table messages add column seq bigint;

update messages m set seq = numbered.seq
from (select id, row_number() over (partition by chat_id order by id) as seq from messages) numbered
where numbered.id = m.id;
update chats c set last_seq = coalesce((select max(seq) from messages m where m.chat_id = c.id), 0);

alter table messages alter column seq set not null;
create unique index messages_chat_id_seq_key on messages (chat_id, seq);
