/**
 * Assignment benchmark: times assignJudges on a large generated edition, then checks the result
 * with the tests' independent checker and prints a small table.
 *
 *   npm run bench:assign
 *   npm run bench:assign -- --entries 2000 --judges 60 --seed 7     # other sizes
 *
 * Defaults: 20,000 entries over 12 categories of uneven size, 2,500 units (about 8 entries each),
 * 300 judges each on one or two panels, k = 5, 2,000 random judge × unit conflicts. A seeded
 * generator makes every run see the same edition. Then a second, incremental run: the first
 * result as existing rows, 1 % of them recused, another 1 % submitted, and 200 more conflicts.
 * Not part of `npm test` (vitest includes only *.test.ts).
 */
import { performance } from "node:perf_hooks";
import { type AssignInput, type AssignResult, assignJudges } from "~/modules/judging/assign";
import { facts, improvingChain, ruleProblems, spread } from "../modules/judging/check";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
  return value;
}

/** mulberry32: a small seeded generator, good enough for test data. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ENTRIES = arg("--entries", 20_000);
const JUDGES = arg("--judges", 300);
const CATEGORIES = arg("--categories", 12);
const UNITS = arg("--units", 2_500);
const CONFLICTS = arg("--conflicts", 2_000);
const K = arg("--k", 5);
const SEED = arg("--seed", 2026);

function generate(): AssignInput {
  const random = rng(SEED);
  const pick = (n: number) => Math.floor(random() * n);
  // Uneven categories, as in real editions (short video draws far more cases than others).
  const weights = Array.from({ length: CATEGORIES }, () => 0.4 + 1.6 * random());
  const total = weights.reduce((a, b) => a + b, 0);
  const categoryOf = () => {
    let x = random() * total;
    for (let c = 0; c < CATEGORIES; c++) {
      x -= weights[c] as number;
      if (x < 0) return c + 1;
    }
    return CATEGORIES;
  };
  const entries = Array.from({ length: ENTRIES }, (_, i) => ({
    id: i + 1,
    categoryId: categoryOf(),
    unitId: 1 + pick(UNITS),
  }));
  const judgeIds = Array.from({ length: JUDGES }, (_, i) => `judge-${String(i + 1).padStart(4, "0")}`);
  const panels = Array.from({ length: CATEGORIES }, (_, c) => ({
    categoryId: c + 1,
    judgeIds: [] as string[],
  }));
  judgeIds.forEach((id, i) => {
    // Round robin keeps every panel well above k; half the judges also sit on a second panel.
    const first = i % CATEGORIES;
    panels[first]?.judgeIds.push(id);
    if (random() < 0.5) {
      const second = (first + 1 + pick(CATEGORIES - 1)) % CATEGORIES;
      panels[second]?.judgeIds.push(id);
    }
  });
  const conflictKeys = new Set<string>();
  const conflicts: AssignInput["conflicts"] = [];
  while (conflicts.length < Math.min(CONFLICTS, JUDGES * UNITS)) {
    const judgeId = judgeIds[pick(JUDGES)] as string;
    const unitId = 1 + pick(UNITS);
    const key = `${judgeId}/${unitId}`;
    if (conflictKeys.has(key)) continue;
    conflictKeys.add(key);
    conflicts.push({ judgeId, unitId });
  }
  return { k: K, entries, panels, conflicts, existing: [] };
}

/** The incremental case: yesterday's result as rows, some recused or submitted, new conflicts. */
function rerunInput(first: AssignInput, result: AssignResult): AssignInput {
  const random = rng(SEED + 1);
  const existing: AssignInput["existing"] = [...result.keep, ...result.add].map((p) => {
    const x = random();
    return { ...p, state: x < 0.01 ? "recused" : x < 0.02 ? "submitted" : "assigned" };
  });
  const conflicts = [...first.conflicts];
  for (let i = 0; i < 200; i++) {
    const row = result.add[Math.floor(random() * result.add.length)];
    const entry = row && first.entries[row.entryId - 1];
    if (row && entry) conflicts.push({ judgeId: row.judgeId, unitId: entry.unitId });
  }
  return { ...first, conflicts, existing };
}

function run(label: string, input: AssignInput) {
  assignJudges({ ...input, entries: input.entries.slice(0, 50) }); // warm the JIT on a small case
  const t0 = performance.now();
  const result = assignJudges(input);
  const ms = performance.now() - t0;

  const f = facts(input);
  const problems = ruleProblems(input, result, f);
  const chain = improvingChain(input, result, f);
  const panelSpreads = [...f.panel].map(([categoryId, judges]) => {
    const loads = [...judges].map((j) => result.loads[j] ?? 0);
    return { categoryId, judges: judges.size, min: Math.min(...loads), max: Math.max(...loads) };
  });
  const all = Object.values(result.loads);
  const singlePanel = [...f.panel].map(([, judges]) =>
    spread(
      result.loads,
      [...judges].filter((j) => input.panels.filter((p) => p.judgeIds.includes(j)).length === 1),
    ),
  );

  console.log(`\n${label}`);
  console.table({
    "time (ms)": ms.toFixed(0),
    entries: input.entries.length,
    judges: all.length,
    k: input.k,
    conflicts: input.conflicts.length,
    "existing rows": input.existing.length,
    kept: result.keep.length,
    dropped: result.drop.length,
    added: result.add.length,
    shortfalls: result.shortfalls.length,
    "edition load min / max": `${Math.min(...all)} / ${Math.max(...all)}`,
    "largest spread among one-panel judges of a panel": Math.max(...singlePanel),
    "rule problems": problems.length,
    "improving chain": chain ? chain.join(" → ") : "none",
  });
  console.table(panelSpreads);
  if (problems.length > 0 || chain) {
    console.error(problems.join("\n"));
    process.exitCode = 1;
  }
  return result;
}

const input = generate();
const first = run("First run (no existing rows)", input);
run("Re-run (1 % recused, 1 % submitted, 200 new conflicts on assigned pairs)", rerunInput(input, first));
