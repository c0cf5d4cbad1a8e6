import { CHART_COLOURS, ChartFrame, INK, Legend, MUTED } from "./frame";
import { clip, linear, px } from "./geometry";

/** A segment kind; `colour` overrides the default palette (pick ≥ 3:1 against white). */
export type StackSeries = { key: string; label: string; colour?: string };
export type StackRow = { label: string; values: readonly number[] };

const LABEL_W = 170;
const TOTAL_W = 56;
const ROW_H = 30;
const BAR_H = 18;
const PAD = 8;

/**
 * One horizontal bar per row split into segments (e.g. judging tasks: not started, drafted,
 * submitted, recused). Each bar is its row's whole, so the segments read as shares of it.
 */
export function StackedBar(props: {
  title: string;
  desc: string;
  series: readonly StackSeries[];
  rows: readonly StackRow[];
  totalLabel: string;
  emptyText: string;
  width?: number;
}) {
  const width = props.width ?? 640;
  const height = PAD * 2 + props.rows.length * ROW_H;
  const colour = (i: number) => props.series[i]?.colour ?? CHART_COLOURS[i % CHART_COLOURS.length] ?? INK;
  return (
    <ChartFrame
      title={props.title}
      desc={props.desc}
      width={width}
      height={height}
      empty={props.rows.length === 0}
      emptyText={props.emptyText}
      legend={<Legend items={props.series.map((s, i) => ({ label: s.label, colour: colour(i) }))} />}
      table={{
        caption: props.title,
        head: ["", ...props.series.map((s) => s.label), props.totalLabel],
        rows: props.rows.map((r) => [r.label, ...r.values, r.values.reduce((a, b) => a + b, 0)]),
      }}
    >
      {props.rows.map((row, i) => {
        const y = PAD + i * ROW_H;
        const total = row.values.reduce((a, b) => a + b, 0);
        const x = linear([0, total], [0, width - LABEL_W - TOTAL_W]);
        let start = 0;
        return (
          <g key={row.label} className="stack">
            <text
              x={LABEL_W - 8}
              y={y + ROW_H / 2}
              textAnchor="end"
              dominantBaseline="middle"
              fontSize="13"
              fill={INK}
            >
              {clip(row.label, 12)}
            </text>
            {row.values.map((v, j) => {
              const x0 = px(LABEL_W + x(start));
              start += v;
              const w = px(LABEL_W + x(start) - x0);
              if (w <= 0) return null;
              return (
                <rect
                  key={props.series[j]?.key ?? j}
                  x={x0}
                  y={y + (ROW_H - BAR_H) / 2}
                  width={w}
                  height={BAR_H}
                  fill={colour(j)}
                  data-series={props.series[j]?.key}
                  data-value={v}
                />
              );
            })}
            <text
              x={width - TOTAL_W + 6}
              y={y + ROW_H / 2}
              dominantBaseline="middle"
              fontSize="13"
              fill={MUTED}
            >
              {total}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}
