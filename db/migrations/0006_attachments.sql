-- Files attached to messages. A file is sent in two steps: uploaded over HTTP (`uploads`, in parts
-- that may resume), then named by the message that carries it, which keeps a description of its
-- files (`messages.attachments`) so that history and events need no join. The bytes live in the
-- storage under their SHA-256 (`files/storage.ts`): identical files are kept once.

create table uploads (
  -- Random and long: it is also the file's address, which must not be guessed.
  id text primary key,
  owner_id bigint not null references users (id) on delete cascade,
  name text not null,
  -- Declared at the start; the upload is complete when `received` reaches it.
  size bigint not null check (size > 0),
  received bigint not null default 0,
  -- Set once complete: what the content is (sniffed, never as declared) and where it is kept.
  sha256 text,
  mime text,
  kind text check (kind in ('image', 'video', 'audio', 'file')),
  width integer,
  height integer,
  -- A request writing to the upload holds it until then, so that two never write at once.
  busy_until timestamptz,
  -- The message that carries it; null until sent, and such uploads are swept after a day.
  message_id bigint references messages (id) on delete set null,
  created_at timestamptz not null default now()
);
create index uploads_owner_id_idx on uploads (owner_id);
create index uploads_message_id_idx on uploads (message_id) where message_id is not null;
create index uploads_unsent_idx on uploads (created_at) where message_id is null;
create index uploads_sha256_idx on uploads (sha256) where sha256 is not null;

alter table messages add column attachments jsonb;

-- `store_messages` takes each message's files from now on: the old signature goes.
drop function if exists store_messages(bigint[], bigint[], text[], text[], text[], bigint[], text, text);
