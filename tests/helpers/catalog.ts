/**
 * A database schema described as sorted lines (tables, columns, indexes, constraints, functions,
 * triggers), so that two schemas can be compared line by line whatever order they were built in.
 */
import type { Queryable } from "../../db/mod.ts";

/** Every object of the current schema but the migrations' own bookkeeping, one line each. */
export async function describeSchema(db: Queryable): Promise<string[]> {
  const lines = (rows: { line: string }[]) => rows.map((row) => row.line);
  const [{ schema }] = await db.query<{ schema: string }>("select current_schema() as schema");
  const columns = await db.query<{ line: string }>(
    `select 'column ' || table_name || '.' || column_name || ' ' || data_type
       || case when is_nullable = 'NO' then ' not null' else '' end
       || coalesce(' default ' || column_default, '')
       || case when is_identity = 'YES' then ' identity' else '' end as line
     from information_schema.columns
     where table_schema = current_schema() and table_name <> 'schema_migrations'`,
  );
  const indexes = await db.query<{ line: string }>(
    `select 'index ' || replace(indexdef, $1 || '.', '') as line from pg_indexes
     where schemaname = current_schema() and tablename <> 'schema_migrations'`,
    [schema],
  );
  const constraints = await db.query<{ line: string }>(
    `select 'constraint ' || r.relname || '.' || c.conname || ' '
       || replace(pg_get_constraintdef(c.oid), $1 || '.', '') as line
     from pg_constraint c join pg_class r on r.oid = c.conrelid
     where c.connamespace = current_schema()::regnamespace and r.relname <> 'schema_migrations'`,
    [schema],
  );
  const functions = await db.query<{ line: string }>(
    `select 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') '
       || pg_get_function_result(p.oid) || coalesce(' set ' || array_to_string(p.proconfig, ','), '')
       || ' ' || md5(p.prosrc) as line
     from pg_proc p where p.pronamespace = current_schema()::regnamespace`,
  );
  const triggers = await db.query<{ line: string }>(
    `select 'trigger ' || r.relname || '.' || t.tgname as line
     from pg_trigger t join pg_class r on r.oid = t.tgrelid
     where r.relnamespace = current_schema()::regnamespace and not t.tgisinternal`,
  );
  return [columns, indexes, constraints, functions, triggers].flatMap(lines).sort();
}
