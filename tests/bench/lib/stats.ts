import { performance } from "node:perf_hooks";

/** The p-th percentile (0–100) of a list of numbers, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] as number;
}

/** Runs `fn` and answers its result and the time it took, in milliseconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}

export function ms(value: number): string {
  if (!Number.isFinite(value)) return "—";
  return value >= 10_000
    ? `${(value / 1000).toFixed(1)} s`
    : value >= 1000
      ? `${(value / 1000).toFixed(2)} s`
      : `${value.toFixed(value < 10 ? 1 : 0)} ms`;
}

export type Row = { step: string; time: string; baseline: string; ratio: string };

/** Prints the rows as one aligned table. */
export function printTable(rows: Row[]): void {
  const head: Row = { step: "step", time: "time", baseline: "baseline", ratio: "ratio" };
  const all = [head, ...rows];
  const width = (k: keyof Row) => Math.max(...all.map((r) => [...r[k]].length));
  const pad = (s: string, n: number) => s + " ".repeat(Math.max(0, n - [...s].length));
  const line = (r: Row) =>
    `| ${pad(r.step, width("step"))} | ${pad(r.time, width("time"))} | ${pad(r.baseline, width("baseline"))} | ${pad(r.ratio, width("ratio"))} |`;
  console.log(line(head));
  console.log(
    `| ${["step", "time", "baseline", "ratio"].map((k) => "-".repeat(width(k as keyof Row))).join(" | ")} |`,
  );
  for (const r of rows) console.log(line(r));
}

/** The machine's load averages, to note beside the figures (the machine is shared). */
export async function loadAverage(): Promise<string> {
  const { loadavg, availableParallelism } = await import("node:os");
  return `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(" / ")} on ${availableParallelism()} cores`;
}
