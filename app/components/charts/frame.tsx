import { type ReactNode, useId } from "react";

/** Series colours, light to dark so they stay apart in greyscale print. */
export const CHART_COLOURS = ["#b91c1c", "#d97706", "#166534", "#a8a29e", "#1d4ed8"] as const;
export const INK = "#1c1917";
export const MUTED = "#57534e";
export const GRID = "#e7e5e4";

/**
 * The accessible frame of every chart: a figure with a visible caption, an <svg role="img">
 * named by its <title> and <desc>, and the same numbers as a visually hidden table for screen
 * readers (and for anyone who turns styles off).
 */
export function ChartFrame(props: {
  title: string;
  desc: string;
  width: number;
  height: number;
  /** The data as table rows: header cells, then rows of cells. */
  table: { caption: string; head: string[]; rows: (string | number)[][] };
  emptyText?: string;
  empty?: boolean;
  legend?: ReactNode;
  children?: ReactNode;
}) {
  const id = useId();
  return (
    <figure className="chart">
      <figcaption>{props.title}</figcaption>
      {props.empty ? (
        <p className="empty">{props.emptyText}</p>
      ) : (
        <>
          <svg
            role="img"
            aria-labelledby={`${id}-t ${id}-d`}
            viewBox={`0 0 ${props.width} ${props.height}`}
            width={props.width}
            height={props.height}
            xmlns="http://www.w3.org/2000/svg"
          >
            <title id={`${id}-t`}>{props.title}</title>
            <desc id={`${id}-d`}>{props.desc}</desc>
            {props.children}
          </svg>
          {props.legend}
          {/* A table ignores a 1px width, so the box that hides it is a div around it. */}
          <div className="visually-hidden">
            <table>
              <caption>{props.table.caption}</caption>
              <thead>
                <tr>
                  {props.table.head.map((h) => (
                    <th key={h} scope="col">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {props.table.rows.map((row, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their place
                  <tr key={i}>
                    {row.map((cell, j) =>
                      j === 0 ? (
                        // biome-ignore lint/suspicious/noArrayIndexKey: fixed columns
                        <th key={j} scope="row">
                          {cell}
                        </th>
                      ) : (
                        // biome-ignore lint/suspicious/noArrayIndexKey: fixed columns
                        <td key={j}>{cell}</td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </figure>
  );
}

/** The colour key under a chart with several series. */
export function Legend({ items }: { items: { label: string; colour: string }[] }) {
  return (
    <ul className="chart-legend" aria-hidden="true">
      {items.map((item) => (
        <li key={item.label}>
          <span className="chart-swatch" style={{ background: item.colour }} />
          {item.label}
        </li>
      ))}
    </ul>
  );
}
