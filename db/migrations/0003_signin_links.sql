-- A sign-in link by mail: the proof asked of someone with the right password while others are
-- guessing at the account.
alter table email_links drop constraint email_links_purpose_check;
alter table email_links add constraint email_links_purpose_check
  check (purpose in ('confirm', 'reset', 'change_email', 'signin'));
