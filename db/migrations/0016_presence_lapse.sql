-- The users marked online, so that those whose lease lapsed (their process went without telling)
-- are found without reading every account.
create index users_online_until_idx on users (online_until) where online_until is not null;
