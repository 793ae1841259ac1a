import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from "typeorm";

interface Part {
  sql: string;
  params: unknown[];
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * One per request. Every loader batch asked for in the same turn of the event loop (one "wave" of
 * GraphQL resolvers: a case's incidents, panel, letters, timeline, its access answer...) goes to
 * PostgreSQL as ONE statement, `SELECT (part 1) AS p0, (part 2) AS p1, ...`, each part answering
 * with a single json value. So a request costs one statement per level of the query, not one per
 * relation, and rows arrive as JSON that is turned into entities without TypeORM's query builder.
 */
export class SqlBatch {
  private pending: Part[] = [];
  private scheduled = false;

  constructor(readonly ds: DataSource) {}

  /**
   * Queues `sql`, a SELECT returning one row with one json column, with its own parameters ($1...).
   * Parts queued before the event loop turns are sent together.
   */
  json<T>(sql: string, params: unknown[]): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ sql, params, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // After every resolver of this wave has run and every DataLoader has dispatched its batch.
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const parts = this.pending;
    this.pending = [];
    this.scheduled = false;
    const params: unknown[] = [];
    const columns = parts.map((part, i) => {
      const base = params.length;
      params.push(...part.params);
      const sql = base === 0 ? part.sql : part.sql.replace(/\$(\d+)/g, (_m, n: string) => `$${base + Number(n)}`);
      return `(${sql}) AS p${i}`;
    });
    try {
      const rows: Array<Record<string, unknown>> = await this.ds.query(`SELECT ${columns.join(", ")}`, params);
      const row = rows[0] ?? {};
      parts.forEach((part, i) => part.resolve(row[`p${i}`] ?? null));
    } catch (err) {
      for (const part of parts) part.reject(err);
    }
  }
}

type Convert = (value: unknown) => unknown;
const toDate: Convert = v => (v === null || v === undefined ? null : new Date(v as string));
const toText: Convert = v => (v === null || v === undefined ? null : String(v));

/** How PostgreSQL's JSON of a column differs from what TypeORM would have built. */
function converterFor(type: unknown): Convert | null {
  const t = typeof type === "string" ? type.toLowerCase() : type;
  if (t === Date || t === "timestamptz" || t === "timestamp" || t === "timestamp with time zone" || t === "timestamp without time zone") return toDate;
  if (t === "bigint" || t === "int8" || t === "numeric" || t === "decimal") return toText;
  return null; // uuid, text, enums, booleans, integers, arrays, jsonb, and dates (kept as "YYYY-MM-DD" strings)
}

const hydrators = new WeakMap<EntityMetadata, (json: Record<string, unknown>) => unknown>();

/**
 * Turns a row as `row_to_json` writes it (snake_case keys) into an instance of the entity, with the
 * same property values as TypeORM's find(): timestamps as Date, bigints as strings, dates as strings.
 */
export function hydratorFor<T>(ds: DataSource, target: EntityTarget<T>): (json: Record<string, unknown>) => T {
  const metadata = ds.getMetadata(target);
  let h = hydrators.get(metadata);
  if (!h) {
    const ctor = metadata.target as new () => T;
    const plain: Array<[string, string, Convert | null]> = [];
    const embedded: Array<[string, Convert | null, (typeof metadata.columns)[number]]> = [];
    for (const column of metadata.columns) {
      if (column.isVirtual) continue;
      const convert = converterFor(column.type);
      if (column.embeddedMetadata) embedded.push([column.databaseName, convert, column]);
      else plain.push([column.databaseName, column.propertyName, convert]);
    }
    h = (json: Record<string, unknown>) => {
      const entity = new ctor() as Record<string, unknown>;
      for (const [db, prop, convert] of plain) {
        const value = json[db];
        entity[prop] = convert ? convert(value) : value === undefined ? null : value;
      }
      for (const [db, convert, column] of embedded) {
        const value = json[db];
        column.setEntityValue(entity as ObjectLiteral, convert ? convert(value) : value === undefined ? null : value);
      }
      return entity as T;
    };
    hydrators.set(metadata, h);
  }
  return h as (json: Record<string, unknown>) => T;
}

export interface ArrayRows<T> {
  /** `json_build_array(<alias>."col", ...)`: a row as a JSON array, in a fixed column order. */
  select: (alias: string) => string;
  /** The entity from such an array. */
  hydrate: (row: unknown[]) => T;
}

const arrayRows = new WeakMap<EntityMetadata, Map<string, ArrayRows<unknown>>>();

/**
 * Rows as JSON arrays rather than objects: the column names are not repeated in every row, which
 * halves what PostgreSQL writes and Node parses for lists (300 incidents of a 50-case list).
 * `properties`, when given, reads only those columns: the entity's other properties stay unset, so
 * only a caller that knows every field it will read from them may ask for it (CaseReview.incidents).
 */
export function arrayRowsFor<T>(ds: DataSource, target: EntityTarget<T>, properties?: readonly string[]): ArrayRows<T> {
  const metadata = ds.getMetadata(target);
  let byColumns = arrayRows.get(metadata);
  if (!byColumns) arrayRows.set(metadata, (byColumns = new Map()));
  const key = properties ? properties.join(",") : "*";
  let rows = byColumns.get(key);
  if (!rows) {
    const ctor = metadata.target as new () => T;
    const columns = metadata.columns.filter(c => !c.isVirtual && (!properties || properties.includes(c.propertyName)));
    if (properties && columns.length !== properties.length) throw new Error(`${metadata.name}: no column for one of ${key}`);
    if (columns.length > 100) throw new Error(`${metadata.name}: more columns than json_build_array takes`);
    const steps = columns.map((column, i) => ({ i, prop: column.propertyName, convert: converterFor(column.type), embedded: column.embeddedMetadata ? column : null }));
    const plain = steps.filter(s => !s.embedded);
    const embedded = steps.filter(s => s.embedded);
    const selects = new Map<string, string>();
    rows = {
      select: alias => {
        let sql = selects.get(alias);
        if (sql === undefined) selects.set(alias, (sql = `json_build_array(${columns.map(c => `${alias}."${c.databaseName}"`).join(", ")})`));
        return sql;
      },
      hydrate: (row: unknown[]) => {
        const entity = new ctor() as Record<string, unknown>;
        for (const { i, prop, convert } of plain) {
          const value = row[i];
          entity[prop] = convert ? convert(value) : value === undefined ? null : value;
        }
        for (const { i, convert, embedded: column } of embedded) {
          const value = row[i];
          column!.setEntityValue(entity as ObjectLiteral, convert ? convert(value) : value === undefined ? null : value);
        }
        return entity as T;
      },
    };
    byColumns.set(key, rows as ArrayRows<unknown>);
  }
  return rows as ArrayRows<T>;
}

/** The table name and the SQL type of a column (for `= ANY($1::type[])`), from TypeORM's metadata. */
export function tableOf(ds: DataSource, target: EntityTarget<unknown>): { table: string; column: (property: string) => { name: string; sqlType: string } } {
  const metadata = ds.getMetadata(target);
  return {
    table: `"${metadata.tableName}"`,
    column: property => {
      const column = metadata.findColumnWithPropertyPath(property);
      if (!column) throw new Error(`${metadata.name} has no column ${property}`);
      const type = typeof column.type === "string" ? column.type : "uuid";
      return { name: `"${column.databaseName}"`, sqlType: type === "bigint" || type === "int8" ? "bigint" : type === "uuid" ? "uuid" : "text" };
    },
  };
}
