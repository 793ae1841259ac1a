import DataLoader from "dataloader";
import { In, type DataSource, type EntityTarget, type ObjectLiteral } from "typeorm";

/** One row per id, in one statement per batch. */
export function loaderById<T extends ObjectLiteral & { id: string }>(ds: DataSource, entity: EntityTarget<T>) {
  return new DataLoader<string, T | null>(async ids => {
    const rows = await ds.getRepository(entity).find({ where: { id: In(ids as string[]) } as never });
    const map = new Map(rows.map(r => [r.id, r]));
    return ids.map(id => map.get(id) ?? null);
  });
}

/** Rows grouped by a foreign key (e.g. incidents by case), ordered, in one statement per batch. */
export function loaderByKey<T extends ObjectLiteral>(
  ds: DataSource,
  entity: EntityTarget<T>,
  key: keyof T & string,
  order: Partial<Record<keyof T & string, "ASC" | "DESC">> = {},
) {
  return new DataLoader<string, T[]>(async keys => {
    const rows = await ds.getRepository(entity).find({ where: { [key]: In(keys as string[]) } as never, order: order as never });
    const groups = new Map<string, T[]>();
    for (const row of rows) {
      const k = row[key] as string;
      const list = groups.get(k);
      if (list) list.push(row);
      else groups.set(k, [row]);
    }
    return keys.map(k => groups.get(k) ?? []);
  });
}

/** At most one row per foreign key (e.g. the panel of a case). */
export function loaderOneByKey<T extends ObjectLiteral>(ds: DataSource, entity: EntityTarget<T>, key: keyof T & string) {
  const many = loaderByKey(ds, entity, key);
  return new DataLoader<string, T | null>(async keys => (await many.loadMany(keys)).map(r => (Array.isArray(r) ? r[0] ?? null : null)));
}
