const camel = (name: string) => name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** A row as PostgreSQL returns it from raw SQL (snake_case) in an entity's shape (camelCase). */
export function camelCaseKeys<T>(row: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [camel(key), value])) as T;
}
