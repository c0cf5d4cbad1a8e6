import { useId } from "react";

/** value/max as a whole percentage, 0 when there is nothing to do. */
export function percent(value: number, max: number): number {
  if (!(max > 0)) return 0;
  return Math.round((Math.min(Math.max(value, 0), max) / max) * 100);
}

/**
 * Progress of long work (uploads, ZIP builds, tally, judging). A native <progress> named by its
 * visible label; the numbers are written out too, so they read and print without the bar.
 */
export function ProgressBar({
  label,
  value,
  max,
  valueText,
}: {
  label: string;
  value: number;
  max: number;
  /** The written value, e.g. "12 / 40 (30%)"; defaults to the percentage. */
  valueText?: string;
}) {
  const id = useId();
  const text = valueText ?? `${percent(value, max)}%`;
  return (
    <div className="progress">
      <div className="progress-label">
        <span id={`${id}-label`}>{label}</span>
        <span className="progress-value">{text}</span>
      </div>
      <progress
        aria-labelledby={`${id}-label`}
        aria-valuetext={text}
        value={Math.min(Math.max(value, 0), max)}
        max={max > 0 ? max : 1}
      />
    </div>
  );
}
