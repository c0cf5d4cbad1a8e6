/** Command-line flags of the benchmarks: `--name value` pairs and bare `--flag` switches. */
export function flag(name: string): boolean {
  return process.argv.includes(name);
}

export function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? process.argv[i + 1] : undefined;
  return value === undefined || value.startsWith("--") ? fallback : value;
}

export function numberOption(name: string, fallback: number): number {
  const value = Number(option(name, String(fallback)));
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}
