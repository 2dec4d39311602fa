-- A photo's thumbnail, kept in the storage under its own hash, and a placeholder (a ThumbHash, in
-- base64) that pages show until the picture loads.
alter table uploads add column thumb_sha256 text;
alter table uploads add column thumb_size integer;
alter table uploads add column placeholder text;
create index uploads_thumb_sha256_idx on uploads (thumb_sha256) where thumb_sha256 is not null;
