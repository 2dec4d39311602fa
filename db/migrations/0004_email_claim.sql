-- An address typed at registration that another account already holds. The new account is made
-- all the same, so that registering does not tell a stranger which addresses have accounts; the
-- address stays its owner's: shown to the new account as its unconfirmed one, never confirmed,
-- never used to sign in, and no mail goes to it on this account's behalf.
alter table users add column email_claim text;
