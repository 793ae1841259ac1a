import DataLoader from "dataloader";
import type { DataSource, EntityTarget, ObjectLiteral } from "typeorm";
import { arrayRowsFor, SqlBatch, tableOf } from "./batch";

/** SQL text by entity and loader kind: built once, not on every request's createLoaders(). */
const sqlCache = new WeakMap<object, Map<string, string>>();
function cachedSql(ds: DataSource, entity: EntityTarget<unknown>, kind: string, build: () => string): string {
  const metadata = ds.getMetadata(entity);
  let byKind = sqlCache.get(metadata);
  if (!byKind) sqlCache.set(metadata, (byKind = new Map()));
  let sql = byKind.get(kind);
  if (sql === undefined) byKind.set(kind, (sql = build()));
  return sql;
}

/** A request's batch; a bare DataSource gets a batch of its own (no combining across loaders). */
const batchOf = (source: DataSource | SqlBatch) => (source instanceof SqlBatch ? source : new SqlBatch(source));

/**
 * A loader by id that also answers synchronously for rows the request already has (loaded or
 * primed): `peek`. A field resolver that returns `peek(id) ?? load(id)` costs no promise per row
 * when the rows came earlier, e.g. a case's involved agencies, read with its incidents.
 */
export class EntityLoader<T extends { id: string }> extends DataLoader<string, T | null> {
  constructor(
    batchLoad: (ids: readonly string[]) => Promise<Array<T | null>>,
    private readonly loaded: Map<string, T>,
  ) {
    super(batchLoad);
  }

  peek(id: string): T | undefined {
    return this.loaded.get(id);
  }

  override prime(key: string, value: T | null | PromiseLike<T | null> | Error): this {
    if (value && !(value instanceof Error) && typeof (value as PromiseLike<unknown>).then !== "function" && !this.loaded.has(key)) {
      this.loaded.set(key, value as T);
    }
    return super.prime(key, value);
  }
}

/** One row per id, in one part of the request's batched statement. */
export function loaderById<T extends ObjectLiteral & { id: string }>(source: DataSource | SqlBatch, entity: EntityTarget<T>): EntityLoader<T> {
  const batch = batchOf(source);
  const { select, hydrate } = arrayRowsFor(batch.ds, entity);
  const sql = cachedSql(batch.ds, entity, "id", () => {
    const { table, column } = tableOf(batch.ds, entity);
    const id = column("id");
    return `SELECT json_agg(${select("t")}) FROM ${table} t WHERE t.${id.name} = ANY($1::${id.sqlType}[])`;
  });
  const loaded = new Map<string, T>();
  return new EntityLoader<T>(async ids => {
    const rows = (await batch.json<unknown[][] | null>(sql, [ids])) ?? [];
    const map = new Map<string, T>();
    for (const row of rows) {
      const e = hydrate(row);
      map.set(e.id, e);
      if (!loaded.has(e.id)) loaded.set(e.id, e);
    }
    return ids.map(i => map.get(i) ?? null);
  }, loaded);
}

/** Rows grouped by a foreign key (e.g. incidents by case), ordered, in one part of the batched statement. */
export function loaderByKey<T extends ObjectLiteral>(
  source: DataSource | SqlBatch,
  entity: EntityTarget<T>,
  key: keyof T & string,
  order: Partial<Record<keyof T & string, "ASC" | "DESC">> = {},
  /** Only these columns (arrayRowsFor): the key must be one of them. */
  properties?: ReadonlyArray<keyof T & string>,
) {
  const batch = batchOf(source);
  const { select, hydrate } = arrayRowsFor(batch.ds, entity, properties);
  const sql = cachedSql(batch.ds, entity, `key:${key}:${JSON.stringify(order)}:${properties?.join(",") ?? "*"}`, () => {
    const { table, column } = tableOf(batch.ds, entity);
    const k = column(key);
    const orderBy = Object.entries(order).map(([prop, dir]) => `t.${column(prop).name} ${dir}`);
    return `SELECT json_agg(${select("t")}${orderBy.length ? ` ORDER BY ${orderBy.join(", ")}` : ""}) FROM ${table} t WHERE t.${k.name} = ANY($1::${k.sqlType}[])`;
  });
  return new DataLoader<string, T[]>(async keys => {
    const rows = (await batch.json<unknown[][] | null>(sql, [keys])) ?? [];
    const groups = new Map<string, T[]>();
    for (const row of rows) {
      const e = hydrate(row);
      const g = e[key] as string;
      const list = groups.get(g);
      if (list) list.push(e);
      else groups.set(g, [e]);
    }
    return keys.map(g => groups.get(g) ?? []);
  });
}

/** At most one row per foreign key (e.g. the panel of a case). */
export function loaderOneByKey<T extends ObjectLiteral>(source: DataSource | SqlBatch, entity: EntityTarget<T>, key: keyof T & string) {
  const many = loaderByKey(source, entity, key);
  return new DataLoader<string, T | null>(async keys => (await many.loadMany(keys)).map(r => (Array.isArray(r) ? r[0] ?? null : null)));
}

/** Groups rows by a key once (never `rows.filter` per key, which is quadratic). */
export function groupBy<R, K>(rows: readonly R[], keyOf: (row: R) => K): Map<K, R[]> {
  const groups = new Map<K, R[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
