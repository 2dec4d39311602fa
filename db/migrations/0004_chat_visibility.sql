-- Deleting a chat "for me" hides its history up to that point from one member only.
alter table chat_members add column hidden_before bigint not null default 0;
