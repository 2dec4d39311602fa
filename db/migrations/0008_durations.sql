-- How long a video or a recording plays, where ffmpeg could tell.
alter table uploads add column duration_ms integer;
