import { CHART_COLOURS, ChartFrame, GRID, INK, MUTED } from "./frame";
import { clip, fmt, linear, px, quartiles, scoreDomain, ticks } from "./geometry";

export type JudgeScores = { name: string; totals: readonly number[] };

const LABEL_W = 110;
const RIGHT = 16;
const ROW_H = 32;
const TOP = 8;
const AXIS_H = 22;

/**
 * One row per judge: a dot for every total they gave (a strip plot) over a box from the lower
 * to the upper quartile with the median marked, so a judge who scores high or narrow stands out.
 */
export function JudgeDistribution(props: {
  title: string;
  desc: string;
  judges: readonly JudgeScores[];
  domain?: [number, number];
  judgeLabel: string;
  scoresLabel: string;
  medianLabel: string;
  listSeparator: string;
  emptyText: string;
  width?: number;
}) {
  const width = props.width ?? 480;
  const height = TOP + props.judges.length * ROW_H + AXIS_H;
  const [min, max] = props.domain ?? scoreDomain(props.judges.flatMap((j) => j.totals));
  const x = linear([min, max], [LABEL_W, width - RIGHT]);
  const axisY = TOP + props.judges.length * ROW_H;
  return (
    <ChartFrame
      title={props.title}
      desc={props.desc}
      width={width}
      height={height}
      empty={props.judges.every((j) => j.totals.length === 0)}
      emptyText={props.emptyText}
      table={{
        caption: props.title,
        head: [props.judgeLabel, props.medianLabel, props.scoresLabel],
        rows: props.judges.map((j) => {
          const q = quartiles(j.totals);
          return [j.name, q ? fmt(q.median) : "—", j.totals.map(fmt).join(props.listSeparator)];
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
      {props.judges.map((judge, i) => {
        const cy = TOP + i * ROW_H + ROW_H / 2;
        const q = quartiles(judge.totals);
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
            {judge.totals.map((v, j) => (
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
