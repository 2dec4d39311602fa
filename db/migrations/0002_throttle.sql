-- The sign-in throttle's table counts more than failed sign-ins now (registrations, sessions opened,
-- mail asked for): named for what it holds.
alter table login_throttle rename to throttle;
alter table throttle rename column failures to used;
alter index login_throttle_pkey rename to throttle_pkey;
