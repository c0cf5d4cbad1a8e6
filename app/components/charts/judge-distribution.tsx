import { CHART_COLOURS, ChartFrame, GRID, INK, MUTED } from "./frame";
import { clip, fmt, linear, px, scoreDomain, ticks } from "./geometry";
import { type JudgeScores, type JudgeSummary, summariseJudge } from "./summary";

const LABEL_W = 110;
const RIGHT = 16;
const ROW_H = 32;
const TOP = 8;
const AXIS_H = 22;

/**
 * One row per judge: a dot for every total they gave (a strip plot) over a box from the lower
 * to the upper quartile with the median marked, so a judge who scores high or narrow stands out.
 * A judge summarised without totals (too many to draw) gets the box alone.
 */
export function JudgeDistribution(props: {
  title: string;
  desc: string;
  judges: readonly (JudgeScores | JudgeSummary)[];
  domain?: [number, number];
  judgeLabel: string;
  scoresLabel: string;
  medianLabel: string;
  listSeparator: string;
  /** The table's text for a judge drawn without dots: how many totals, and the middle half. */
  manyScores?: (s: { count: number; q1: string; q3: string }) => string;
  emptyText: string;
  width?: number;
}) {
  const judges = props.judges.map((j) => ("count" in j ? j : summariseJudge(j)));
  const width = props.width ?? 480;
  const height = TOP + judges.length * ROW_H + AXIS_H;
  const [min, max] =
    props.domain ??
    scoreDomain(judges.flatMap((j) => (j.quartiles ? [j.quartiles.min, j.quartiles.max] : [])));
  const x = linear([min, max], [LABEL_W, width - RIGHT]);
  const axisY = TOP + judges.length * ROW_H;
  return (
    <ChartFrame
      title={props.title}
      desc={props.desc}
      width={width}
      height={height}
      empty={judges.every((j) => j.count === 0)}
      emptyText={props.emptyText}
      table={{
        caption: props.title,
        head: [props.judgeLabel, props.medianLabel, props.scoresLabel],
        rows: judges.map((j) => {
          const q = j.quartiles;
          const scores =
            j.totals !== null
              ? j.totals.map(fmt).join(props.listSeparator)
              : q && props.manyScores
                ? props.manyScores({ count: j.count, q1: fmt(q.q1), q3: fmt(q.q3) })
                : String(j.count);
          return [j.name, q ? fmt(q.median) : "—", scores];
        }),
      }}
    >
      {ticks(min, max).map((tick) => (
        <g key={tick}>
          <line x1={px(x(tick))} x2={px(x(tick))} y1={TOP} y2={axisY} stroke={GRID} />
          <text x={px(x(tick))} y={axisY + 16} textAnchor="middle" fontSize="11" fill={MUTED}>
            {fmt(tick)}
          </text>
        </g>
      ))}
      {judges.map((judge, i) => {
        const cy = TOP + i * ROW_H + ROW_H / 2;
        const q = judge.quartiles;
        return (
          <g key={judge.name} className="judge">
            <text x={LABEL_W - 8} y={cy} textAnchor="end" dominantBaseline="middle" fontSize="13" fill={INK}>
              {clip(judge.name, 7)}
            </text>
            {q ? (
              <>
                <rect
                  className="box"
                  x={px(x(q.q1))}
                  y={cy - 9}
                  width={px(Math.max(1, x(q.q3) - x(q.q1)))}
                  height={18}
                  fill="#fef2f2"
                  stroke={CHART_COLOURS[0]}
                />
                <line
                  className="median"
                  x1={px(x(q.median))}
                  x2={px(x(q.median))}
                  y1={cy - 9}
                  y2={cy + 9}
                  stroke={INK}
                  strokeWidth="2"
                />
              </>
            ) : null}
            {(judge.totals ?? []).map((v, j) => (
              <circle
                // biome-ignore lint/suspicious/noArrayIndexKey: equal totals are separate dots
                key={j}
                cx={px(x(v))}
                cy={cy}
                r="3.5"
                fill={CHART_COLOURS[0]}
                fillOpacity="0.55"
                data-value={v}
              />
            ))}
          </g>
        );
      })}
    </ChartFrame>
  );
}
