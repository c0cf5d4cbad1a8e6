/**
 * An independent checker for assignJudges, shared by the tests and the benchmark. It recomputes
 * the rules from the input with plain sets and maps (none of the module's data structures), so a
 * bug in the module's bookkeeping cannot hide itself.
 */
import type { AssignInput, AssignmentPair, AssignResult } from "~/modules/judging/assign";

export type Facts = {
  panel: Map<number, Set<string>>;
  conflicted: (judgeId: string, unitId: number) => boolean;
  /** Per entry: the judges the rules keep, those they drop, and the recused ones. */
  kept: Map<number, Set<string>>;
  dropped: Map<number, Set<string>>;
  rowJudges: Map<number, Set<string>>;
  /** Judges that may be added to the entry. */
  eligible: Map<number, Set<string>>;
};

export function facts(input: AssignInput): Facts {
  const panel = new Map<number, Set<string>>();
  for (const p of input.panels) {
    const set = panel.get(p.categoryId) ?? new Set<string>();
    for (const j of p.judgeIds) set.add(j);
    panel.set(p.categoryId, set);
  }
  const conflictKeys = new Set(input.conflicts.map((c) => JSON.stringify([c.judgeId, c.unitId])));
  const conflicted = (judgeId: string, unitId: number) => conflictKeys.has(JSON.stringify([judgeId, unitId]));
  const kept = new Map<number, Set<string>>();
  const dropped = new Map<number, Set<string>>();
  const rowJudges = new Map<number, Set<string>>();
  const eligible = new Map<number, Set<string>>();
  const byId = new Map(input.entries.map((e) => [e.id, e]));
  for (const e of input.entries) {
    kept.set(e.id, new Set());
    dropped.set(e.id, new Set());
    rowJudges.set(e.id, new Set());
  }
  for (const row of input.existing) {
    const e = byId.get(row.entryId);
    if (!e) continue;
    rowJudges.get(e.id)?.add(row.judgeId);
    const valid = (panel.get(e.categoryId)?.has(row.judgeId) ?? false) && !conflicted(row.judgeId, e.unitId);
    if (row.state === "submitted" || (row.state === "assigned" && valid)) kept.get(e.id)?.add(row.judgeId);
    else if (row.state === "assigned") dropped.get(e.id)?.add(row.judgeId);
  }
  for (const e of input.entries) {
    const set = new Set<string>();
    for (const j of panel.get(e.categoryId) ?? []) {
      if (!conflicted(j, e.unitId) && !rowJudges.get(e.id)?.has(j)) set.add(j);
    }
    eligible.set(e.id, set);
  }
  return { panel, conflicted, kept, dropped, rowJudges, eligible };
}

const sortedPairs = (m: Map<number, Set<string>>): AssignmentPair[] =>
  [...m]
    .flatMap(([entryId, set]) => [...set].map((judgeId) => ({ entryId, judgeId })))
    .sort((a, b) => a.entryId - b.entryId || (a.judgeId < b.judgeId ? -1 : a.judgeId > b.judgeId ? 1 : 0));

/** Every rule of the module except balance; returns the problems found (empty when all hold). */
export function ruleProblems(input: AssignInput, result: AssignResult, f: Facts = facts(input)): string[] {
  const problems: string[] = [];
  const say = (s: string) => {
    if (problems.length < 20) problems.push(s);
  };
  if (JSON.stringify(result.keep) !== JSON.stringify(sortedPairs(f.kept))) say("keep is not the kept rows");
  if (JSON.stringify(result.drop) !== JSON.stringify(sortedPairs(f.dropped)))
    say("drop is not the dropped rows");
  const added = new Map<number, string[]>();
  for (const a of result.add) {
    const list = added.get(a.entryId) ?? [];
    list.push(a.judgeId);
    added.set(a.entryId, list);
  }
  const byId = new Map(input.entries.map((e) => [e.id, e]));
  for (const id of added.keys()) if (!byId.has(id)) say(`entry ${id} is not an input entry`);
  const shortfalls = new Map(result.shortfalls.map((s) => [s.entryId, s]));
  const loads = new Map<string, number>();
  for (const set of f.kept.values()) for (const j of set) loads.set(j, (loads.get(j) ?? 0) + 1);
  for (const e of input.entries) {
    const list = added.get(e.id) ?? [];
    const kept = f.kept.get(e.id) ?? new Set();
    const eligible = f.eligible.get(e.id) ?? new Set();
    for (const j of list) {
      loads.set(j, (loads.get(j) ?? 0) + 1);
      if (!eligible.has(j))
        say(`entry ${e.id}: judge ${j} is not eligible (panel, conflict or existing row)`);
      if (f.conflicted(j, e.unitId)) say(`entry ${e.id}: judge ${j} has a conflict`);
    }
    if (new Set(list).size !== list.length) say(`entry ${e.id}: a judge is added twice`);
    const available = kept.size + eligible.size;
    const expected = Math.max(kept.size, Math.min(input.k, available));
    const total = kept.size + list.length;
    if (total !== expected) say(`entry ${e.id}: has ${total} judges, expected ${expected}`);
    const s = shortfalls.get(e.id);
    if (available < input.k) {
      const panelSize = new Set([...(f.panel.get(e.categoryId) ?? []), ...kept]).size;
      const reason = panelSize < input.k ? "panelTooSmall" : "conflicts";
      if (!s) say(`entry ${e.id}: shortfall not reported`);
      else if (s.needed !== input.k || s.assigned !== total || s.reason !== reason) {
        say(`entry ${e.id}: shortfall ${JSON.stringify(s)}, expected ${total}/${input.k} ${reason}`);
      }
    } else if (s) say(`entry ${e.id}: shortfall reported without one`);
  }
  if (result.shortfalls.length !== [...shortfalls.keys()].length) say("an entry has two shortfalls");
  for (const [j, n] of Object.entries(result.loads)) {
    if ((loads.get(j) ?? 0) !== n) say(`judge ${j}: load ${n}, counted ${loads.get(j) ?? 0}`);
  }
  for (const [j, n] of loads) if (n > 0 && result.loads[j] !== n) say(`judge ${j}: load missing`);
  for (const set of f.panel.values())
    for (const j of set) if (!(j in result.loads)) say(`judge ${j}: no load`);
  return problems;
}

/**
 * The exchange graph of the result: an arc u → v when an entry has an added row on u and v is
 * eligible for it without holding it. Returns arcs as adjacency sets.
 */
export function exchangeGraph(input: AssignInput, result: AssignResult, f: Facts = facts(input)) {
  const holders = new Map<number, Set<string>>();
  for (const a of result.add) {
    const set = holders.get(a.entryId) ?? new Set<string>();
    set.add(a.judgeId);
    holders.set(a.entryId, set);
  }
  const arcs = new Map<string, Set<string>>();
  for (const [entryId, set] of holders) {
    for (const u of set) {
      const out = arcs.get(u) ?? new Set<string>();
      for (const v of f.eligible.get(entryId) ?? []) if (!set.has(v)) out.add(v);
      arcs.set(u, out);
    }
  }
  return arcs;
}

/** A one-move improvement: an added row of a judge with load L that a judge with load ≤ L − 2 could take. */
export function singleMoveImprovement(
  input: AssignInput,
  result: AssignResult,
  f: Facts = facts(input),
): { from: string; to: string } | null {
  for (const [u, out] of exchangeGraph(input, result, f)) {
    for (const v of out) {
      if ((result.loads[v] ?? 0) <= (result.loads[u] ?? 0) - 2) return { from: u, to: v };
    }
  }
  return null;
}

/** A chain of moves from a judge with load L to one with load ≤ L − 2 (the module promises none). */
export function improvingChain(
  input: AssignInput,
  result: AssignResult,
  f: Facts = facts(input),
): string[] | null {
  const arcs = exchangeGraph(input, result, f);
  for (const s of arcs.keys()) {
    const limit = (result.loads[s] ?? 0) - 2;
    const parent = new Map<string, string>([[s, s]]);
    const queue = [s];
    for (let head = 0; head < queue.length; head++) {
      const u = queue[head] as string;
      for (const v of arcs.get(u) ?? []) {
        if (parent.has(v)) continue;
        parent.set(v, u);
        if ((result.loads[v] ?? 0) <= limit) {
          const path = [v];
          for (let w = v; w !== s; w = parent.get(w) as string) path.push(parent.get(w) as string);
          return path.reverse();
        }
        queue.push(v);
      }
    }
  }
  return null;
}

/** Largest minus smallest load among the given judges. */
export function spread(loads: Record<string, number>, judges: Iterable<string>): number {
  let max = Number.NEGATIVE_INFINITY;
  let min = Number.POSITIVE_INFINITY;
  for (const j of judges) {
    const n = loads[j] ?? 0;
    max = Math.max(max, n);
    min = Math.min(min, n);
  }
  return max >= min ? max - min : 0;
}
