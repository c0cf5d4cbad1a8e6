/*
 * Automatic assignment of judges to entries (评审任务分配). Pure: plain data in, plain data out, no
 * database, no clock, no randomness. The server loads the edition's accepted entries, panels,
 * effective conflicts and existing assignments, calls `assignJudges`, and writes the result.
 *
 * THE RULES
 *
 * - Every entry should have `k` judges (the edition's judgesPerEntry), all from the panel of its
 *   category, none with a conflict with the entry's unit, no judge twice.
 * - Existing rows: 'submitted' is always kept (the judge has done the work, even if a conflict was
 *   declared or the judge left the panel since; the organizer handles that by hand). 'assigned' is
 *   kept unless the judge now has a conflict with the entry's unit or is no longer on the panel; then
 *   it is dropped. A 'recused' (回避) pair is never created again. Kept rows count towards the entry's
 *   k; an entry that already has k or more kept judges gets nothing and loses nothing.
 * - Only the missing slots are filled. A judge is *eligible* for an entry when they are on its
 *   panel, have no conflict with its unit, and have no existing row (of any state) for it.
 * - An entry with fewer than k kept + eligible judges gets all of them, and is reported as a
 *   shortfall: 'panelTooSmall' when the panel (with any kept judges who have left it) has fewer than
 *   k judges at all, otherwise 'conflicts' (conflicts and recusals took the rest).
 *
 * WHAT IS BALANCED
 *
 * A judge's load is their TOTAL number of assignments in the edition: kept rows plus new ones, over
 * all the panels they sit on (recused and dropped rows do not count). Balancing per panel would be
 * wrong for a judge who sits on two panels: they would get a full share of each. Loads are balanced
 * edition-wide; only added rows ever move, kept rows are fixed.
 *
 * THE GUARANTEE
 *
 * (A) Every entry ends with exactly min(k, kept + eligible) judges, so with as many as the rules
 *     allow, and a shortfall is reported exactly for the entries left below k.
 * (B) Among all assignments that keep the kept rows and satisfy (A), the loads are *decreasingly
 *     minimal*: no chain of moves, each taking one added row of an entry from one judge and giving
 *     it to another judge eligible for that entry, can lower a judge with load L by one and raise a
 *     judge with load ≤ L − 2 by one. Consequences proven below:
 *       (B1) the largest load is as small as any assignment satisfying (A) can make it, and the
 *            smallest load is as large as any can make it;
 *       (B2) so whenever some assignment satisfying (A) has all loads within 1 of each other, ours
 *            does too (max − min ≤ 1 over the whole edition);
 *       (B3) with disjoint panels, no conflicts and no existing rows, the loads within each panel
 *            differ by at most 1;
 *       (B4) with conflicts, no judge holds an added entry that a judge of that entry's panel with a
 *            load two or more lower could take instead (a chain of length one).
 *     Conflicts can make an even spread impossible (a unit with many entries and a conflict with
 *     most of a small panel), so (B) is the precise meaning of "as even as the conflicts allow".
 *
 * THE ALGORITHM
 *
 * 1. Fill. Entries are taken most constrained first (fewest spare eligible judges, counting at
 *    most `need` spares, so the unconstrained majority interleaves), ties in a seeded-hash order; each gets its missing slots from its eligible judges with the lowest
 *    current load, ties broken by a seeded hash of (entry, judge) so the same judges do not always
 *    sit together. Judges have no capacity, so every entry gets min(need, eligible): (A) holds.
 *    This is the least-loaded greedy review systems such as HotCRP use; alone it is close to even
 *    but not always even (judges on two panels, fixed kept loads), hence step 2.
 * 2. Repair. The exchange graph has an arc u → v when some entry has an added row with u, and v is
 *    eligible for it and does not hold it: the entry could move from u to v. For every judge s
 *    (heaviest first) a breadth-first search finds the least loaded judge t reachable from s; if
 *    load(t) ≤ load(s) − 2, the entries move one step along the path (s loses one, t gains one,
 *    judges in between keep their load). Passes repeat until one finds nothing. Each move lowers
 *    Σ load² by at least 2 ((L−1)² + (l+1)² = L² + l² − 2(L − l − 1)), so this ends, and when it ends
 *    no improving chain exists from any judge: that is (B).
 *    The arcs are kept as counts c[u][v] (entries that could move from u to v), updated in
 *    O(k · panel) per move, so a search costs O(judges × co-panel judges), not O(assignments).
 *    In the exchange graph a simple path is always realisable move by move: the moves touch
 *    distinct judges, and moving an entry onto u_i never removes an arc u_j → u_{j+1} for j ≥ i.
 *
 * PROOFS
 *
 * (B1), max side. Let M be the largest load after the repair, R the judges reachable in the
 * exchange graph from any judge with load M (they included). Every judge in R has load ≥ M − 1, or
 * the repair would have moved something. No arc leaves R: for every entry e with r_e ≥ 1 added
 * rows on judges in R, every judge eligible for e outside R already holds e; so of e's eligible
 * judges at most d_e − r_e lie outside R (d_e = the number of added rows of e, fixed by (A)). Any
 * other assignment x' satisfying (A) gives e its d_e added rows among its eligible judges, so at
 * least r_e of them inside R. Summing over entries, judges in R hold at least as many added rows
 * in x' as in ours; kept rows are the same; so Σ_R x' ≥ Σ_R x ≥ M + (|R| − 1)(M − 1) > |R|(M − 1),
 * and some judge in R has load ≥ M in x'. Min side: symmetric, with the judges that can reach a
 * judge of least load m; all of them have load ≤ m + 1 and no arc enters the set, so Σ x' ≤ Σ x
 * there and some judge has load ≤ m in x'.
 * (B2) follows: if x' has loads in {m', m' + 1}, ours has max ≤ m' + 1 and min ≥ m'.
 * (B3): if s and t share the only panel each sits on and load(s) ≥ load(t) + 2, then all rows are
 * added rows of that panel, s holds an entry t does not, t is eligible for it (no conflicts, no
 * rows): an arc s → t, which (B) excludes. (B4) is (B) for paths of one arc.
 * That (B) is decreasing minimality in the full lexicographic sense follows from A. Frank and
 * K. Murota, "Discrete decreasing minimization" (Math. Oper. Res. 2022): the achievable load
 * vectors are the image of the fixed per-entry counts d_e through a bipartite network, hence an
 * M-convex set (integral base polyhedron), on which an element is decreasingly minimal exactly when
 * no such 1-tightening step exists; it then also minimises Σ load² and every other symmetric
 * strictly convex function of the loads.
 *
 * DETERMINISM
 *
 * Ids are sorted before use (numbers numerically, judge ids by code unit), duplicates in panels and
 * conflicts are sets, and every tie is broken by a hash of the ids mixed with `seed` (default 0),
 * so the output depends only on the set of facts given, not on their order. Outputs are sorted by
 * entry id, then judge id. A different seed gives a different, equally good assignment.
 *
 * COST
 *
 * For E entries, p judges per panel, J judges and q co-panel judges per judge: the fill takes
 * O(E·p·log p); a search takes O(J·q), and there is one per move plus one per heavy judge per pass.
 * Memory is O(E·p + J²): J² counters of 4 bytes are fine for the few hundred judges an edition has.
 * Measured figures (20,000 entries, 300 judges, k = 5) are in tests/bench/RESULTS.md.
 */

export type AssignmentState = "assigned" | "submitted" | "recused";

export type AssignInput = {
  /** Judges each entry should have (the edition's judgesPerEntry); a non-negative integer. */
  k: number;
  /** The accepted entries of the edition; ids are unique. */
  entries: { id: number; categoryId: number; unitId: number }[];
  /** The judges of each category; several rows for one category are merged. */
  panels: { categoryId: number; judgeIds: string[] }[];
  /** Every effective conflict, already expanded (own unit, declared, organizer, same region). */
  conflicts: { judgeId: string; unitId: number }[];
  /**
   * The edition's assignment rows, at most one per (entry, judge). Rows of entries not in `entries`
   * are ignored: not kept, not dropped, not counted in loads.
   */
  existing: { entryId: number; judgeId: string; state: AssignmentState }[];
  /** Mixed into tie-breaking; another seed gives another, equally balanced assignment. Default 0. */
  seed?: number;
};

export type AssignmentPair = { entryId: number; judgeId: string };

export type Shortfall = {
  entryId: number;
  /** k. */
  needed: number;
  /** Judges the entry has after this run (kept + added); less than `needed`. */
  assigned: number;
  reason: "panelTooSmall" | "conflicts";
};

export type AssignResult = {
  /** Existing 'submitted' and still valid 'assigned' rows. */
  keep: AssignmentPair[];
  /** New rows to create (state 'assigned'). */
  add: AssignmentPair[];
  /** Existing 'assigned' rows to delete: the judge now has a conflict or left the panel. */
  drop: AssignmentPair[];
  /** Entries left with fewer than k judges. */
  shortfalls: Shortfall[];
  /** Final load (kept + added) of every panel judge and every judge with a kept row. */
  loads: Record<string, number>;
};

/** 32-bit finaliser of MurmurHash3: cheap, and every input bit affects every output bit. */
function mix32(h: number): number {
  let x = h | 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** FNV-1a over UTF-16 code units: a stable number for a judge id. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Typed-array increment that strict index checking accepts. */
function bump(a: Int32Array, i: number, delta: number): void {
  a[i] = (a[i] as number) + delta;
}

const compareStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const comparePairs = (a: AssignmentPair, b: AssignmentPair) =>
  a.entryId - b.entryId || compareStrings(a.judgeId, b.judgeId);

function validate(input: AssignInput): void {
  if (!Number.isInteger(input.k) || input.k < 0) {
    throw new RangeError(`assignJudges: k must be a non-negative integer, got ${input.k}`);
  }
  if (input.seed !== undefined && !Number.isInteger(input.seed)) {
    throw new RangeError(`assignJudges: seed must be an integer, got ${input.seed}`);
  }
  const ids = new Set<number>();
  for (const e of input.entries) {
    if (ids.has(e.id)) throw new RangeError(`assignJudges: entry ${e.id} is listed twice`);
    ids.add(e.id);
  }
  const pairs = new Set<string>();
  for (const row of input.existing) {
    // JSON of the pair cannot collide, unlike a joined string with a separator a judge id may hold.
    const key = JSON.stringify([row.entryId, row.judgeId]);
    if (pairs.has(key)) {
      throw new RangeError(`assignJudges: entry ${row.entryId} and judge ${row.judgeId} have two rows`);
    }
    pairs.add(key);
  }
}

/**
 * Fills the missing judge slots of every entry; see the comment at the top of this file for the
 * rules, the balance guarantee and its proof. Throws a RangeError for malformed input (k not a
 * non-negative integer, an entry id twice, two existing rows for one pair).
 */
export function assignJudges(input: AssignInput): AssignResult {
  validate(input);
  const k = input.k;
  const seed = mix32((input.seed ?? 0) ^ 0x9e3779b9);
  const entries = [...input.entries].sort((a, b) => a.id - b.id);
  const entryIds = new Set(entries.map((e) => e.id));
  const existing = input.existing.filter((row) => entryIds.has(row.entryId));

  // Judges: everyone on a panel or with a row, indexed in sorted id order.
  const judgeIdSet = new Set<string>();
  for (const p of input.panels) for (const j of p.judgeIds) judgeIdSet.add(j);
  for (const row of existing) judgeIdSet.add(row.judgeId);
  const judgeIds = [...judgeIdSet].sort(compareStrings);
  const J = judgeIds.length;
  const judgeIndex = new Map(judgeIds.map((id, i) => [id, i]));
  const judgeKey = judgeIds.map(hashString);
  const onAnyPanel = new Uint8Array(J);

  // Panels as sorted judge indices plus a membership bitmap, merged per category.
  const panelMembers = new Map<number, Uint8Array>();
  for (const p of input.panels) {
    let members = panelMembers.get(p.categoryId);
    if (!members) {
      members = new Uint8Array(J);
      panelMembers.set(p.categoryId, members);
    }
    for (const id of p.judgeIds) {
      const j = judgeIndex.get(id) as number;
      members[j] = 1;
      onAnyPanel[j] = 1;
    }
  }
  const panelList = new Map<number, number[]>();
  for (const [categoryId, members] of panelMembers) {
    const list: number[] = [];
    for (let j = 0; j < J; j++) if (members[j]) list.push(j);
    panelList.set(categoryId, list);
  }

  // Conflicts by unit: judges outside every panel cannot be assigned anyway.
  const conflictsByUnit = new Map<number, Set<number>>();
  for (const c of input.conflicts) {
    const j = judgeIndex.get(c.judgeId);
    if (j === undefined) continue;
    let set = conflictsByUnit.get(c.unitId);
    if (!set) {
      set = new Set();
      conflictsByUnit.set(c.unitId, set);
    }
    set.add(j);
  }

  const rowsByEntry = new Map<number, { judge: number; state: AssignmentState }[]>();
  for (const row of existing) {
    const list = rowsByEntry.get(row.entryId) ?? [];
    list.push({ judge: judgeIndex.get(row.judgeId) as number, state: row.state });
    rowsByEntry.set(row.entryId, list);
  }

  const E = entries.length;
  const load = new Int32Array(J);
  const keep: AssignmentPair[] = [];
  const drop: AssignmentPair[] = [];
  const shortfalls: Shortfall[] = [];
  // Eligible judges of entry i: eligible[eligStart[i] .. eligStart[i + 1]), sorted by index.
  const eligStart = new Int32Array(E + 1);
  const eligible: number[] = [];
  const keptCount = new Int32Array(E);
  // Added rows per entry (at most k each) and per judge.
  const newCount = new Int32Array(E);
  const newHolders = new Int32Array(E * k);
  const newRows: number[][] = Array.from({ length: J }, () => []);
  const blocked = new Uint8Array(J); // scratch: judges with a kept or recused row for the entry

  for (let i = 0; i < E; i++) {
    const entry = entries[i] as (typeof entries)[number];
    const members = panelMembers.get(entry.categoryId);
    const conflicted = conflictsByUnit.get(entry.unitId);
    const rows = rowsByEntry.get(entry.id) ?? [];
    let keptOffPanel = 0;
    for (const row of rows) {
      const pair = { entryId: entry.id, judgeId: judgeIds[row.judge] as string };
      const valid = members?.[row.judge] === 1 && !conflicted?.has(row.judge);
      if (row.state === "submitted" || (row.state === "assigned" && valid)) {
        keep.push(pair);
        bump(keptCount, i, 1);
        bump(load, row.judge, 1);
        if (members?.[row.judge] !== 1) keptOffPanel++;
      } else if (row.state === "assigned") {
        drop.push(pair);
      }
      blocked[row.judge] = 1;
    }
    eligStart[i] = eligible.length;
    const panel = panelList.get(entry.categoryId) ?? [];
    for (const j of panel) {
      if (!blocked[j] && !conflicted?.has(j)) eligible.push(j);
    }
    for (const row of rows) blocked[row.judge] = 0;
    const available = (keptCount[i] as number) + (eligible.length - (eligStart[i] as number));
    if (available < k) {
      shortfalls.push({
        entryId: entry.id,
        needed: k,
        assigned: available,
        reason: panel.length + keptOffPanel < k ? "panelTooSmall" : "conflicts",
      });
    }
  }
  eligStart[E] = eligible.length;

  const eligCount = (i: number) => (eligStart[i + 1] as number) - (eligStart[i] as number);
  const need = (i: number) => Math.min(Math.max(0, k - (keptCount[i] as number)), eligCount(i));
  const entryHash = (i: number) => mix32(seed ^ mix32((entries[i] as (typeof entries)[number]).id));
  const holds = (i: number, j: number) => {
    for (let h = i * k, end = h + (newCount[i] as number); h < end; h++) if (newHolders[h] === j) return true;
    return false;
  };
  const addRow = (i: number, j: number) => {
    newHolders[i * k + (newCount[i] as number)] = j;
    bump(newCount, i, 1);
    (newRows[j] as number[]).push(i);
    bump(load, j, 1);
  };

  // 1. Fill: most constrained entries first, each from its least loaded eligible judges.
  const order: number[] = [];
  const slack = new Int32Array(E);
  const orderHash = new Uint32Array(E);
  for (let i = 0; i < E; i++) {
    if (need(i) === 0) continue;
    order.push(i);
    // Spare judges capped at need: entries with plenty to spare all tie and interleave in hash
    // order across categories. Sorting them by exact spare count would fill one panel after another
    // (panels differ in size) and load judges who sit on two panels unevenly: in the benchmark that
    // left the fill at 178–443 instead of 248–368 and made the repair five times slower.
    slack[i] = Math.min(eligCount(i) - need(i), need(i));
    orderHash[i] = entryHash(i);
  }
  order.sort(
    (a, b) =>
      (slack[a] as number) - (slack[b] as number) ||
      (orderHash[a] as number) - (orderHash[b] as number) ||
      a - b,
  );
  const tie = new Uint32Array(J);
  for (const i of order) {
    const h = orderHash[i] as number;
    const candidates = eligible.slice(eligStart[i], eligStart[i + 1]);
    for (const j of candidates) tie[j] = mix32(h ^ (judgeKey[j] as number));
    candidates.sort(
      (a, b) => (load[a] as number) - (load[b] as number) || (tie[a] as number) - (tie[b] as number) || a - b,
    );
    const n = need(i);
    for (let c = 0; c < n; c++) addRow(i, candidates[c] as number);
  }

  // 2. Repair along improving paths of the exchange graph.
  if (order.length > 0) repair();

  function repair(): void {
    // c[u * J + v]: entries with an added row on u that v is eligible for and does not hold.
    const c = new Int32Array(J * J);
    const account = (i: number, delta: number) => {
      for (let h = i * k, end = h + (newCount[i] as number); h < end; h++) {
        const row = (newHolders[h] as number) * J;
        for (let x = eligStart[i] as number; x < (eligStart[i + 1] as number); x++) {
          const v = eligible[x] as number;
          if (!holds(i, v)) bump(c, row + v, delta);
        }
      }
    };
    for (const i of order) account(i, 1);

    // Co-panel judges of each judge: the only possible arcs.
    const neighbours: number[][] = Array.from({ length: J }, () => []);
    const seen = new Int32Array(J).fill(-1);
    const panelsOf: number[][] = Array.from({ length: J }, () => []);
    for (const list of panelList.values()) for (const j of list) (panelsOf[j] as number[]).push(...list);
    for (let u = 0; u < J; u++) {
      for (const v of panelsOf[u] as number[]) {
        if (v !== u && seen[v] !== u) {
          seen[v] = u;
          (neighbours[u] as number[]).push(v);
        }
      }
      (neighbours[u] as number[]).sort((a, b) => a - b);
    }

    const parent = new Int32Array(J);
    const stamp = new Int32Array(J);
    const queue = new Int32Array(J);
    let generation = 0;

    /** Moves one added row of some entry from u to v (an arc u → v must exist). */
    const move = (u: number, v: number) => {
      const rows = newRows[u] as number[];
      for (let r = 0; r < rows.length; r++) {
        const i = rows[r] as number;
        if (holds(i, v)) continue;
        let isEligible = false;
        for (let x = eligStart[i] as number; x < (eligStart[i + 1] as number); x++) {
          if (eligible[x] === v) {
            isEligible = true;
            break;
          }
        }
        if (!isEligible) continue;
        account(i, -1);
        for (let h = i * k, end = h + (newCount[i] as number); h < end; h++) {
          if (newHolders[h] === u) newHolders[h] = v;
        }
        account(i, 1);
        rows[r] = rows[rows.length - 1] as number;
        rows.pop();
        (newRows[v] as number[]).push(i);
        bump(load, u, -1);
        bump(load, v, 1);
        return;
      }
      throw new Error(`assignJudges: internal error, no entry can move from judge ${u} to ${v}`);
    };

    /** Searches from s; moves one row along a path to the least loaded reachable judge if it helps. */
    const improveFrom = (s: number): boolean => {
      generation++;
      stamp[s] = generation;
      queue[0] = s;
      let head = 0;
      let tail = 1;
      let best = -1;
      while (head < tail) {
        const u = queue[head++] as number;
        const row = u * J;
        for (const v of neighbours[u] as number[]) {
          if (stamp[v] === generation || (c[row + v] as number) === 0) continue;
          stamp[v] = generation;
          parent[v] = u;
          queue[tail++] = v;
          if (best < 0 || (load[v] as number) < (load[best] as number)) best = v;
        }
      }
      if (best < 0 || (load[best] as number) > (load[s] as number) - 2) return false;
      const path: number[] = [];
      for (let v = best; v !== s; v = parent[v] as number) path.push(v);
      path.push(s);
      path.reverse();
      for (let p = 0; p + 1 < path.length; p++) move(path[p] as number, path[p + 1] as number);
      return true;
    };

    const judges = Array.from({ length: J }, (_, j) => j).filter((j) => onAnyPanel[j]);
    for (;;) {
      let changed = false;
      let minLoad = Number.POSITIVE_INFINITY;
      for (const j of judges) minLoad = Math.min(minLoad, load[j] as number);
      judges.sort((a, b) => (load[b] as number) - (load[a] as number) || a - b);
      for (const s of judges) {
        // A judge within 1 of the smallest load cannot give anything away usefully.
        if ((load[s] as number) < minLoad + 2) break;
        // Moves only ever raise the smallest loads, so minLoad stays a lower bound during the pass.
        while (improveFrom(s)) changed = true;
      }
      if (!changed) break;
    }
  }

  const add: AssignmentPair[] = [];
  for (let i = 0; i < E; i++) {
    const entryId = (entries[i] as (typeof entries)[number]).id;
    for (let h = i * k, end = h + (newCount[i] as number); h < end; h++) {
      add.push({ entryId, judgeId: judgeIds[newHolders[h] as number] as string });
    }
  }
  const loads: [string, number][] = [];
  for (let j = 0; j < J; j++) {
    if (onAnyPanel[j] || (load[j] as number) > 0) loads.push([judgeIds[j] as string, load[j] as number]);
  }
  return {
    keep: keep.sort(comparePairs),
    add: add.sort(comparePairs),
    drop: drop.sort(comparePairs),
    shortfalls,
    // fromEntries defines own properties, so even a judge id like "__proto__" is stored safely.
    loads: Object.fromEntries(loads),
  };
}
