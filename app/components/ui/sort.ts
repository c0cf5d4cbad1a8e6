/*
 * Sorting and paging in the address (?sort=&dir=&page=), so a sorted, paged list is a link that
 * can be shared, bookmarked and works without JavaScript. Pure: used by loaders and components.
 */
export type SortDir = "asc" | "desc";
export type Sort<K extends string = string> = { key: K; dir: SortDir };

/** The sort asked for in the address, if it names an allowed column; else the fallback. */
export function parseSort<K extends string>(
  search: URLSearchParams,
  keys: readonly K[],
  fallback: Sort<K>,
): Sort<K> {
  const key = search.get("sort");
  const dir = search.get("dir");
  if (!key || !(keys as readonly string[]).includes(key)) return fallback;
  return { key: key as K, dir: dir === "desc" ? "desc" : "asc" };
}

/** The address that sorts by `key`: the other direction when already sorted by it; back to page 1. */
export function sortHref(search: string | URLSearchParams, key: string, current: Sort | undefined): string {
  const params = new URLSearchParams(search);
  const dir: SortDir = current?.key === key && current.dir === "asc" ? "desc" : "asc";
  params.set("sort", key);
  params.set("dir", dir);
  params.delete("page");
  return `?${params.toString()}`;
}

/** The address of another page of the same list (filters and sort kept). */
export function pageHref(search: string | URLSearchParams, page: number): string {
  const params = new URLSearchParams(search);
  if (page <= 1) params.delete("page");
  else params.set("page", String(page));
  const query = params.toString();
  return query ? `?${query}` : "?";
}

/** Sorts a short list in memory (long lists sort in SQL). Strings compare in Chinese collation order. */
export function sortRows<T>(
  rows: readonly T[],
  value: (row: T) => string | number | null,
  dir: SortDir,
): T[] {
  const collator = new Intl.Collator("zh-CN", { numeric: true });
  const sign = dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === y) return 0;
    if (x === null) return 1; // empty values last either way
    if (y === null) return -1;
    const order =
      typeof x === "number" && typeof y === "number" ? x - y : collator.compare(String(x), String(y));
    return sign * order;
  });
}
