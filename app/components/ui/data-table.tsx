import { Link, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useT } from "~/modules/i18n/use-t";
import { pageHref, type Sort, sortHref } from "./sort";

export type Column<T> = {
  key: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** The header is a link that sorts by this column (the loader must accept the key). */
  sortable?: boolean;
  /** Right-aligned tabular figures. */
  numeric?: boolean;
  /** This cell names the row (<th scope="row">). */
  rowHeader?: boolean;
  /** Keep the cell on one line (short names, codes, dates). */
  nowrap?: boolean;
};

function cellClass(c: { numeric?: boolean; nowrap?: boolean }): string | undefined {
  return [c.numeric ? "num" : "", c.nowrap ? "nowrap" : ""].filter(Boolean).join(" ") || undefined;
}

/** Previous / next links for a server-paged list; the rest of the address is kept. */
export function Pager({ page, hasMore }: { page: number; hasMore: boolean }) {
  const t = useT();
  const { search } = useLocation();
  if (page <= 1 && !hasMore) return null;
  return (
    <nav className="pager" aria-label={t("pager.label")}>
      {page > 1 ? <Link to={pageHref(search, page - 1)}>{t("pager.previous")}</Link> : null}
      <span className="pager-status">{t("pager.page", { page })}</span>
      {hasMore ? <Link to={pageHref(search, page + 1)}>{t("pager.next")}</Link> : null}
    </nav>
  );
}

/**
 * A table of records: sortable column headers are links (?sort=&dir=) with aria-sort on the
 * sorted one, paging is done by the server (Pager). With no rows it shows `empty` instead.
 */
export function DataTable<T>(props: {
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string | number;
  caption?: string;
  sort?: Sort;
  paging?: { page: number; hasMore: boolean };
  empty?: ReactNode;
}) {
  const t = useT();
  const { search } = useLocation();
  const { columns, rows, sort } = props;
  if (rows.length === 0 && props.empty) {
    return (
      <>
        {props.empty}
        {props.paging ? <Pager {...props.paging} /> : null}
      </>
    );
  }
  return (
    <>
      <div className="table-wrap">
        <table className="table">
          {props.caption ? <caption>{props.caption}</caption> : null}
          <thead>
            <tr>
              {columns.map((c) => {
                const sorted = sort?.key === c.key ? sort.dir : undefined;
                return (
                  <th
                    key={c.key}
                    scope="col"
                    className={c.numeric ? "num" : undefined}
                    aria-sort={sorted ? (sorted === "asc" ? "ascending" : "descending") : undefined}
                  >
                    {c.sortable ? (
                      <Link
                        to={sortHref(search, c.key, sort)}
                        className="sort-link"
                        title={t("table.sortBy", { column: c.header })}
                      >
                        {c.header}
                        <span className="sort-mark" aria-hidden="true">
                          {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}
                        </span>
                      </Link>
                    ) : (
                      c.header
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={props.rowKey(row)}>
                {columns.map((c) =>
                  c.rowHeader ? (
                    <th key={c.key} scope="row" className={cellClass(c)}>
                      {c.cell(row)}
                    </th>
                  ) : (
                    <td key={c.key} className={cellClass(c)}>
                      {c.cell(row)}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.paging ? <Pager {...props.paging} /> : null}
    </>
  );
}
