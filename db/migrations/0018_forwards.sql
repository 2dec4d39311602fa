-- A forwarded message names whom it was first from, as they were called then.
alter table messages add column forwarded_from text;
