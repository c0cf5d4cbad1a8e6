/*
 * The arithmetic behind the charts, kept apart from the markup so it can be tested alone.
 * Everything returns finite numbers for empty or all-zero data (no NaN in the SVG).
 */

/** Maps a value in [d0, d1] onto [r0, r1]; a zero-width domain maps to r0. */
export function linear(domain: [number, number], range: [number, number]): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  return (v) => (span === 0 ? r0 : r0 + ((v - d0) / span) * (r1 - r0));
}

/** Rounds for SVG attributes: two decimals are plenty and keep the markup short. */
export function px(v: number): number {
  return Math.round(v * 100) / 100;
}

export type Bin = { from: number; to: number; count: number };

/**
 * Splits [min, max] into `bins` equal ranges and counts the values in each; a range holds
 * from ≤ v < to, the last one also v = max. Values outside [min, max] are not counted.
 */
export function histogramBins(values: readonly number[], min: number, max: number, bins: number): Bin[] {
  const n = Math.max(1, Math.floor(bins));
  const width = (max - min) / n;
  const out: Bin[] = Array.from({ length: n }, (_, i) => ({
    from: min + i * width,
    to: i === n - 1 ? max : min + (i + 1) * width,
    count: 0,
  }));
  for (const v of values) {
    if (!Number.isFinite(v) || v < min || v > max) continue;
    const i = width === 0 ? 0 : Math.min(n - 1, Math.floor((v - min) / width));
    const bin = out[i];
    if (bin) bin.count += 1;
  }
  return out;
}

/**
 * The axis of score totals: up to the larger of 100 and the top value; from one ten below the
 * lowest total's ten (totals crowd at the top of the scale, 0–60 would be empty space), never
 * below 0 unless a total is.
 */
export function scoreDomain(values: readonly number[]): [number, number] {
  // A loop, not Math.min(...values): a national category has tens of thousands of totals.
  let low = Number.POSITIVE_INFINITY;
  let high = 100;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < low) low = v;
    if (v > high) high = v;
  }
  if (low === Number.POSITIVE_INFINITY) return [0, 100];
  const lo = low < 0 ? Math.floor(low) : Math.max(0, Math.floor(low / 10) * 10 - 10);
  return [lo, Math.ceil(high)];
}

export type Quartiles = { min: number; q1: number; median: number; q3: number; max: number };

/** Five-number summary with linear interpolation between ranks (as spreadsheets' QUARTILE.INC). */
export function quartiles(values: readonly number[]): Quartiles | null {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const at = (p: number) => {
    const rank = p * (sorted.length - 1);
    const lo = Math.floor(rank);
    const hi = Math.ceil(rank);
    const a = sorted[lo] ?? 0;
    const b = sorted[hi] ?? a;
    return a + (b - a) * (rank - lo);
  };
  return {
    min: sorted[0] ?? 0,
    q1: at(0.25),
    median: at(0.5),
    q3: at(0.75),
    max: sorted[sorted.length - 1] ?? 0,
  };
}

/** A label cut to `max` characters with an ellipsis (SVG text does not wrap). */
export function clip(label: string, max: number): string {
  const chars = [...label];
  return chars.length <= max ? label : `${chars.slice(0, max - 1).join("")}…`;
}

/** A number as people write it: at most one decimal. */
export function fmt(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/** Round tick values across [min, max], at most about six: steps of 1, 2, 5, 10, 20, 25, 50… */
export function ticks(min: number, max: number): number[] {
  const span = max - min;
  if (!(span > 0)) return [min];
  const steps = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000];
  const step = steps.find((s) => span / s <= 6) ?? span;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + 1e-9; v += step) out.push(v);
  return out;
}
