import { CHART_COLOURS, ChartFrame, INK, MUTED } from "./frame";
import { clip, linear, px } from "./geometry";

export type BarDatum = { label: string; value: number };

const LABEL_W = 170;
const VALUE_W = 56;
const ROW_H = 30;
const BAR_H = 18;
const PAD = 8;

/** Horizontal bars, one per label (e.g. entries per category); lengths proportional to the values. */
export function BarChart(props: {
  title: string;
  desc: string;
  data: readonly BarDatum[];
  valueLabel: string;
  emptyText: string;
  width?: number;
}) {
  const width = props.width ?? 640;
  const height = PAD * 2 + props.data.length * ROW_H;
  const max = Math.max(0, ...props.data.map((d) => d.value));
  const x = linear([0, max], [0, width - LABEL_W - VALUE_W]);
  return (
    <ChartFrame
      title={props.title}
      desc={props.desc}
      width={width}
      height={height}
      empty={props.data.length === 0}
      emptyText={props.emptyText}
      table={{
        caption: props.title,
        head: ["", props.valueLabel],
        rows: props.data.map((d) => [d.label, d.value]),
      }}
    >
      {props.data.map((d, i) => {
        const y = PAD + i * ROW_H;
        const w = px(Math.max(0, x(d.value)));
        return (
          <g key={d.label} className="bar">
            <text
              x={LABEL_W - 8}
              y={y + ROW_H / 2}
              textAnchor="end"
              dominantBaseline="middle"
              fontSize="13"
              fill={INK}
            >
              {clip(d.label, 12)}
            </text>
            <rect
              x={LABEL_W}
              y={y + (ROW_H - BAR_H) / 2}
              width={w}
              height={BAR_H}
              rx="3"
              fill={CHART_COLOURS[0]}
              data-value={d.value}
            />
            <text x={LABEL_W + w + 6} y={y + ROW_H / 2} dominantBaseline="middle" fontSize="13" fill={MUTED}>
              {d.value}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}
