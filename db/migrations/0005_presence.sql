-- Presence: a user is online while some server process holds a connection of theirs and keeps
-- pushing this forward; when it lapses or they leave, last_seen_at says when they were last on.
alter table users add column online_until timestamptz;
