import { CHART_COLOURS, ChartFrame, GRID, MUTED } from "./frame";
import { type Bin, fmt, histogramBins, linear, px, scoreDomain } from "./geometry";

const LEFT = 36;
const RIGHT = 12;
const TOP = 20;
const BOTTOM = 28;

/** Counts of values per equal range (e.g. score totals of one category). */
export function Histogram(props: {
  title: string;
  desc: string;
  values: readonly number[];
  /** Counts already made (on the server, from many values); `values` is then ignored. */
  counts?: readonly Bin[];
  /** Range of the x axis; defaults to 0–100 (widened to fit the values). */
  domain?: [number, number];
  bins?: number;
  rangeLabel: string;
  countLabel: string;
  emptyText: string;
  width?: number;
  height?: number;
}) {
  const width = props.width ?? 480;
  const height = props.height ?? 220;
  const [min, max] = props.domain ?? scoreDomain(props.values);
  const bins = props.counts ?? histogramBins(props.values, min, max, props.bins ?? 10);
  const top = Math.max(0, ...bins.map((b) => b.count));
  const x = linear([min, max], [LEFT, width - RIGHT]);
  const y = linear([0, top], [height - BOTTOM, TOP]);
  return (
    <ChartFrame
      title={props.title}
      desc={props.desc}
      width={width}
      height={height}
      empty={bins.every((b) => b.count === 0)}
      emptyText={props.emptyText}
      table={{
        caption: props.title,
        head: [props.rangeLabel, props.countLabel],
        rows: bins.map((b) => [`${fmt(b.from)}–${fmt(b.to)}`, b.count]),
      }}
    >
      <line x1={LEFT} x2={width - RIGHT} y1={height - BOTTOM} y2={height - BOTTOM} stroke={MUTED} />
      {bins.map((b) => {
        const x0 = px(x(b.from) + 1);
        const w = px(Math.max(0, x(b.to) - x(b.from) - 2));
        const y0 = px(y(b.count));
        return (
          <g key={b.from} className="bin">
            <rect
              x={x0}
              y={y0}
              width={w}
              height={px(height - BOTTOM - y0)}
              fill={b.count > 0 ? CHART_COLOURS[0] : GRID}
              data-count={b.count}
            />
            {b.count > 0 ? (
              <text x={px(x0 + w / 2)} y={y0 - 4} textAnchor="middle" fontSize="12" fill={MUTED}>
                {b.count}
              </text>
            ) : null}
          </g>
        );
      })}
      {bins.map((b) => (
        <text
          key={`t${b.from}`}
          x={px(x(b.from))}
          y={height - 8}
          textAnchor="middle"
          fontSize="11"
          fill={MUTED}
        >
          {fmt(b.from)}
        </text>
      ))}
      <text x={px(x(max))} y={height - 8} textAnchor="middle" fontSize="11" fill={MUTED}>
        {fmt(max)}
      </text>
    </ChartFrame>
  );
}
