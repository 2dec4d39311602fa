-- Files attached to a ticket's messages, through the same uploads as chat messages.
alter table uploads add column ticket_message_id bigint
  references ticket_messages (id) on delete set null;
create index uploads_ticket_message_idx on uploads (ticket_message_id)
  where ticket_message_id is not null;
alter table ticket_messages add column attachments jsonb not null default '[]';
