import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AssignInput,
  type AssignmentPair,
  type AssignResult,
  assignJudges,
} from "~/modules/judging/assign";
import { facts, improvingChain, ruleProblems, singleMoveImprovement, spread } from "./check";

const base: AssignInput = { k: 2, entries: [], panels: [], conflicts: [], existing: [] };

/** Judges of each entry after the run (kept and added), sorted. */
function judgesOf(result: AssignResult): Record<number, string[]> {
  const out: Record<number, string[]> = {};
  for (const p of [...result.keep, ...result.add]) {
    const list = out[p.entryId] ?? [];
    list.push(p.judgeId);
    out[p.entryId] = list;
  }
  for (const list of Object.values(out)) list.sort();
  return out;
}

const byPair = (pairs: AssignmentPair[]) =>
  [...pairs].sort(
    (a, b) => a.entryId - b.entryId || (a.judgeId < b.judgeId ? -1 : a.judgeId > b.judgeId ? 1 : 0),
  );

const sortedLoads = (r: AssignResult) => Object.values(r.loads).sort((a, b) => b - a);

describe("assignJudges by example", () => {
  it("gives each entry k distinct judges and spreads the load", () => {
    const input: AssignInput = {
      ...base,
      entries: [
        { id: 1, categoryId: 1, unitId: 10 },
        { id: 2, categoryId: 1, unitId: 11 },
      ],
      panels: [{ categoryId: 1, judgeIds: ["a", "b", "c"] }],
    };
    const result = assignJudges(input);
    expect(result.add).toHaveLength(4);
    expect(result.keep).toEqual([]);
    expect(result.drop).toEqual([]);
    expect(result.shortfalls).toEqual([]);
    for (const list of Object.values(judgesOf(result))) expect(new Set(list).size).toBe(2);
    expect(sortedLoads(result)).toEqual([2, 1, 1]);
    expect(ruleProblems(input, result)).toEqual([]);
  });

  it("never gives an entry to a judge with a conflict with its unit, which can force the choice", () => {
    const input: AssignInput = {
      ...base,
      entries: [{ id: 1, categoryId: 1, unitId: 7 }],
      panels: [{ categoryId: 1, judgeIds: ["a", "b", "c"] }],
      conflicts: [{ judgeId: "a", unitId: 7 }],
    };
    expect(judgesOf(assignJudges(input))).toEqual({ 1: ["b", "c"] });
  });

  it("reports a panel smaller than k and still assigns the judges it has", () => {
    const input: AssignInput = {
      ...base,
      k: 3,
      entries: [
        { id: 1, categoryId: 1, unitId: 7 },
        { id: 2, categoryId: 2, unitId: 7 },
      ],
      panels: [{ categoryId: 1, judgeIds: ["a", "b"] }],
    };
    const result = assignJudges(input);
    expect(judgesOf(result)).toEqual({ 1: ["a", "b"] });
    expect(result.shortfalls).toEqual([
      { entryId: 1, needed: 3, assigned: 2, reason: "panelTooSmall" },
      { entryId: 2, needed: 3, assigned: 0, reason: "panelTooSmall" },
    ]);
  });

  it("says 'conflicts' when the panel is big enough but conflicts leave too few judges", () => {
    const input: AssignInput = {
      ...base,
      k: 3,
      entries: [{ id: 1, categoryId: 1, unitId: 7 }],
      panels: [{ categoryId: 1, judgeIds: ["a", "b", "c"] }],
      conflicts: [{ judgeId: "c", unitId: 7 }],
    };
    const result = assignJudges(input);
    expect(judgesOf(result)).toEqual({ 1: ["a", "b"] });
    expect(result.shortfalls).toEqual([{ entryId: 1, needed: 3, assigned: 2, reason: "conflicts" }]);
  });

  it("keeps submitted rows always, valid assigned rows, drops invalid ones and never re-adds a recusal", () => {
    const input: AssignInput = {
      k: 3,
      entries: [{ id: 1, categoryId: 1, unitId: 7 }],
      panels: [{ categoryId: 1, judgeIds: ["a", "c", "d", "e", "f", "g"] }],
      conflicts: [
        { judgeId: "a", unitId: 7 },
        { judgeId: "g", unitId: 7 },
      ],
      existing: [
        { entryId: 1, judgeId: "a", state: "submitted" }, // conflicted since, but the work is done
        { entryId: 1, judgeId: "b", state: "assigned" }, // left the panel
        { entryId: 1, judgeId: "c", state: "recused" },
        { entryId: 1, judgeId: "d", state: "assigned" },
        { entryId: 1, judgeId: "g", state: "assigned" }, // conflict declared since
        { entryId: 99, judgeId: "d", state: "submitted" }, // not an accepted entry: ignored
      ],
    };
    const result = assignJudges(input);
    expect(result.keep).toEqual([
      { entryId: 1, judgeId: "a" },
      { entryId: 1, judgeId: "d" },
    ]);
    expect(result.drop).toEqual([
      { entryId: 1, judgeId: "b" },
      { entryId: 1, judgeId: "g" },
    ]);
    expect(result.add).toHaveLength(1);
    expect(["e", "f"]).toContain(result.add[0]?.judgeId);
    expect(result.loads).toMatchObject({ a: 1, c: 0, d: 1, g: 0 });
    expect(result.loads).not.toHaveProperty("b");

    // Without e and f only the recused judge would be left: still not re-added.
    const small = { ...input, panels: [{ categoryId: 1, judgeIds: ["a", "c", "d"] }] };
    const again = assignJudges(small);
    expect(again.add).toEqual([]);
    expect(again.shortfalls).toEqual([{ entryId: 1, needed: 3, assigned: 2, reason: "conflicts" }]);
  });

  it("keeps an entry's judges when k went down, without adding or dropping", () => {
    const existing = ["a", "b", "c"].map((judgeId) => ({ entryId: 1, judgeId, state: "assigned" as const }));
    const result = assignJudges({
      ...base,
      entries: [{ id: 1, categoryId: 1, unitId: 7 }],
      panels: [{ categoryId: 1, judgeIds: ["a", "b", "c", "d"] }],
      existing,
    });
    expect(result.keep).toHaveLength(3);
    expect(result.add).toEqual([]);
    expect(result.drop).toEqual([]);
  });

  it("balances a judge's total load over the panels they sit on", () => {
    // b sits on both panels. Balancing each panel alone would give b a full share of each.
    const input: AssignInput = {
      ...base,
      k: 1,
      entries: [
        ...[1, 2].map((id) => ({ id, categoryId: 1, unitId: id })),
        ...[3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((id) => ({ id, categoryId: 2, unitId: id })),
      ],
      panels: [
        { categoryId: 1, judgeIds: ["a", "b"] },
        { categoryId: 2, judgeIds: ["b", "c"] },
      ],
    };
    const result = assignJudges(input);
    expect(result.loads).toEqual({ a: 2, b: 5, c: 5 });
    expect(improvingChain(input, result)).toBeNull();
  });

  it("moves work along a chain when no single move helps", () => {
    // d is busy with submitted sheets of category 3, so category 1 (a, b, d) has more spare judges
    // than category 2 (b, c) and is filled second. With seed 0 the fill ends at a 3, b 2, c 1: a's
    // entries can only go to b, b's category-2 entry can go to c, and only the chain a → b → c
    // evens the loads out. Whatever the seed, the result must be 2, 2, 2.
    const input: AssignInput = {
      k: 1,
      entries: [
        ...[1, 2, 3].map((id) => ({ id, categoryId: 1, unitId: id })),
        ...[4, 5, 6].map((id) => ({ id, categoryId: 2, unitId: id })),
        ...[7, 8, 9, 10, 11, 12, 13, 14, 15, 16].map((id) => ({ id, categoryId: 3, unitId: id })),
      ],
      panels: [
        { categoryId: 1, judgeIds: ["a", "b", "d"] },
        { categoryId: 2, judgeIds: ["b", "c"] },
        { categoryId: 3, judgeIds: ["d"] },
      ],
      conflicts: [],
      existing: [7, 8, 9, 10, 11, 12, 13, 14, 15, 16].map((entryId) => ({
        entryId,
        judgeId: "d",
        state: "submitted" as const,
      })),
    };
    for (let seed = 0; seed < 30; seed++) {
      const result = assignJudges({ ...input, seed });
      expect(result.loads).toEqual({ a: 2, b: 2, c: 2, d: 10 });
      expect(ruleProblems(input, result)).toEqual([]);
    }
  });

  it("is deterministic and ignores the order of its input", () => {
    const input: AssignInput = {
      k: 2,
      entries: Array.from({ length: 12 }, (_, i) => ({
        id: 100 - i,
        categoryId: 1 + (i % 2),
        unitId: i % 4,
      })),
      panels: [
        { categoryId: 1, judgeIds: ["p", "q", "r", "s"] },
        { categoryId: 2, judgeIds: ["s", "t", "u"] },
      ],
      conflicts: [{ judgeId: "q", unitId: 1 }],
      existing: [{ entryId: 100, judgeId: "p", state: "submitted" }],
    };
    const first = assignJudges(input);
    expect(assignJudges(input)).toEqual(first);
    const reversed: AssignInput = {
      k: 2,
      entries: [...input.entries].reverse(),
      panels: [...input.panels].reverse().map((p) => ({ ...p, judgeIds: [...p.judgeIds].reverse() })),
      conflicts: [...input.conflicts, ...input.conflicts],
      existing: [...input.existing],
    };
    expect(assignJudges(reversed)).toEqual(first);
    expect(JSON.stringify(assignJudges(reversed))).toBe(JSON.stringify(first));
  });

  it("stores any judge id safely in loads", () => {
    const result = assignJudges({
      ...base,
      k: 1,
      entries: [{ id: 1, categoryId: 1, unitId: 1 }],
      panels: [{ categoryId: 1, judgeIds: ["__proto__"] }],
    });
    expect(Object.keys(result.loads)).toEqual(["__proto__"]);
    expect(Object.getOwnPropertyDescriptor(result.loads, "__proto__")?.value).toBe(1);
  });

  it("refuses malformed input", () => {
    expect(() => assignJudges({ ...base, k: -1 })).toThrow(RangeError);
    expect(() => assignJudges({ ...base, k: 1.5 })).toThrow(RangeError);
    const entry = { id: 1, categoryId: 1, unitId: 1 };
    expect(() => assignJudges({ ...base, entries: [entry, entry] })).toThrow(/listed twice/);
    const row = { entryId: 1, judgeId: "a", state: "assigned" as const };
    expect(() =>
      assignJudges({ ...base, entries: [entry], existing: [row, { ...row, state: "recused" }] }),
    ).toThrow(/two rows/);
  });
});

// ---------------------------------------------------------------------------------------------
// Property tests on random editions.

const STATES = ["assigned", "submitted", "recused"] as const;

/** A small random edition: up to 8 judges, 3 categories, 16 entries, 4 units. */
const arbInput = (opts: { conflicts?: boolean; existing?: boolean; disjoint?: boolean } = {}) =>
  fc
    .record({
      judges: fc.integer({ min: 1, max: 8 }),
      k: fc.integer({ min: 0, max: 4 }),
      entries: fc.array(
        fc.record({ categoryId: fc.integer({ min: 1, max: 3 }), unitId: fc.integer({ min: 1, max: 4 }) }),
        {
          maxLength: 16,
        },
      ),
      panelOf: fc.array(fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 3 }), {
        minLength: 8,
        maxLength: 8,
      }),
      conflicts: fc.array(fc.record({ judge: fc.nat(7), unitId: fc.integer({ min: 1, max: 4 }) }), {
        maxLength: 12,
      }),
      existing: fc.uniqueArray(
        fc.record({ entry: fc.nat(15), judge: fc.nat(7), state: fc.constantFrom(...STATES) }),
        { maxLength: 20, selector: (r) => `${r.entry}/${r.judge}` },
      ),
    })
    .map((r): AssignInput => {
      const ids = Array.from({ length: r.judges }, (_, i) => `j${i}`);
      // Gaps and an order unrelated to ids, as real ids have.
      const entries = r.entries.map((e, i) => ({ id: 3 + ((i * 7) % 17) * 10, ...e }));
      const panels = [1, 2, 3].map((categoryId) => ({
        categoryId,
        judgeIds: ids.filter((_, j) =>
          opts.disjoint ? (j % 3) + 1 === categoryId : (r.panelOf[j] ?? []).includes(categoryId),
        ),
      }));
      return {
        k: r.k,
        entries,
        panels,
        conflicts:
          opts.conflicts === false
            ? []
            : r.conflicts.map((c) => ({ judgeId: `j${c.judge}`, unitId: c.unitId })),
        existing:
          opts.existing === false
            ? []
            : r.existing
                .filter((x) => x.entry < entries.length)
                .map((x) => ({
                  entryId: (entries[x.entry] as { id: number }).id,
                  judgeId: `j${x.judge}`,
                  state: x.state,
                })),
      };
    });

/**
 * Panels in a chain (category c has judges j(c−1) … j(c−2+width)), uneven categories and
 * submitted rows: judges sit on overlapping panels with unequal fixed loads, where the fill alone
 * most often leaves moves (or chains of moves) that even the loads, so the repair gets exercised.
 */
const arbChain = () =>
  fc
    .record({
      k: fc.integer({ min: 1, max: 2 }),
      width: fc.integer({ min: 2, max: 3 }),
      entries: fc.array(
        fc.record({ categoryId: fc.integer({ min: 1, max: 5 }), unitId: fc.integer({ min: 1, max: 6 }) }),
        {
          maxLength: 30,
        },
      ),
      conflicts: fc.array(fc.record({ judge: fc.nat(6), unitId: fc.integer({ min: 1, max: 6 }) }), {
        maxLength: 4,
      }),
      submitted: fc.uniqueArray(fc.record({ entry: fc.nat(29), judge: fc.nat(6) }), {
        maxLength: 10,
        selector: (r) => `${r.entry}/${r.judge}`,
      }),
    })
    .map((r): AssignInput => {
      const entries = r.entries.map((e, i) => ({ id: i + 1, ...e }));
      return {
        k: r.k,
        entries,
        panels: [1, 2, 3, 4, 5].map((c) => ({
          categoryId: c,
          judgeIds: Array.from({ length: r.width }, (_, w) => `j${c - 1 + w}`),
        })),
        conflicts: r.conflicts.map((c) => ({ judgeId: `j${c.judge}`, unitId: c.unitId })),
        existing: r.submitted
          .filter((x) => x.entry < entries.length)
          .map((x) => ({ entryId: x.entry + 1, judgeId: `j${x.judge}`, state: "submitted" as const })),
      };
    });

/** Fisher–Yates with a seeded generator, to present the same facts in another order. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe("assignJudges on random editions", () => {
  it("fills min(k, eligible) slots per entry, only with eligible judges, and reports exactly the shortfalls", () => {
    fc.assert(
      fc.property(fc.oneof(arbInput(), arbChain()), (input) => {
        expect(ruleProblems(input, assignJudges(input))).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it("leaves no chain of moves from a judge with load L to one with load ≤ L − 2", () => {
    fc.assert(
      fc.property(fc.oneof(arbInput(), arbChain()), (input) => {
        const result = assignJudges(input);
        const f = facts(input);
        expect(singleMoveImprovement(input, result, f)).toBeNull();
        expect(improvingChain(input, result, f)).toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it("keeps each panel within 1 when panels are disjoint, without conflicts or existing rows", () => {
    fc.assert(
      fc.property(arbInput({ conflicts: false, existing: false, disjoint: true }), (input) => {
        const result = assignJudges(input);
        for (const p of input.panels) expect(spread(result.loads, p.judgeIds)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it("adds and drops nothing when re-run on its own output", () => {
    fc.assert(
      fc.property(arbInput(), (input) => {
        const first = assignJudges(input);
        // What the database holds after the first run: the kept rows in their states, the recused
        // rows, and the added rows as 'assigned'. (Dropped rows are gone.)
        const state = new Map(input.existing.map((r) => [JSON.stringify([r.entryId, r.judgeId]), r.state]));
        const existing = [
          ...first.keep.map((p) => ({
            ...p,
            state: state.get(JSON.stringify([p.entryId, p.judgeId])) ?? "assigned",
          })),
          ...input.existing.filter((r) => r.state === "recused"),
          ...first.add.map((p) => ({ ...p, state: "assigned" as const })),
        ];
        const again = assignJudges({ ...input, existing });
        expect(again.add).toEqual([]);
        expect(again.drop).toEqual([]);
        expect(again.keep).toEqual(byPair([...first.keep, ...first.add]));
        expect(again.loads).toEqual(first.loads);
        expect(again.shortfalls).toEqual(first.shortfalls);
      }),
      { numRuns: 300 },
    );
  });

  it("adds and drops nothing when a first run's output comes back as assigned rows", () => {
    fc.assert(
      fc.property(arbInput({ existing: false }), (input) => {
        const first = assignJudges(input);
        const existing = first.add.map((p) => ({ ...p, state: "assigned" as const }));
        const again = assignJudges({ ...input, existing });
        expect(again.add).toEqual([]);
        expect(again.drop).toEqual([]);
        expect(again.keep).toEqual(first.add);
        expect(again.loads).toEqual(first.loads);
      }),
      { numRuns: 300 },
    );
  });

  it("gives the same output for the same facts in any order", () => {
    fc.assert(
      fc.property(arbInput(), fc.nat(), (input, seed) => {
        const other: AssignInput = {
          k: input.k,
          entries: shuffled(input.entries, seed),
          panels: shuffled(input.panels, seed + 1).map((p, i) => ({
            ...p,
            judgeIds: shuffled(p.judgeIds, seed + i),
          })),
          conflicts: shuffled(input.conflicts, seed + 2),
          existing: shuffled(input.existing, seed + 3),
        };
        expect(assignJudges(other)).toEqual(assignJudges(input));
      }),
      { numRuns: 300 },
    );
  });

  it("gives equally balanced loads whatever the seed", () => {
    // Decreasingly minimal load vectors are unique up to order, so the seed can change who gets
    // what but never the sorted loads.
    fc.assert(
      fc.property(fc.oneof(arbInput(), arbChain()), fc.integer(), (input, seed) => {
        const a = assignJudges(input);
        const b = assignJudges({ ...input, seed });
        expect(ruleProblems(input, b)).toEqual([]);
        expect(sortedLoads(b)).toEqual(sortedLoads(a));
      }),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Against brute force: every way to fill the slots of a tiny edition.

function* subsets<T>(items: T[], size: number, from = 0): Generator<T[]> {
  if (size === 0) {
    yield [];
    return;
  }
  for (let i = from; i <= items.length - size; i++) {
    for (const rest of subsets(items, size - 1, i + 1)) yield [items[i] as T, ...rest];
  }
}

/** The decreasingly smallest sorted load vector over all assignments satisfying the rules. */
function bruteForceBest(input: AssignInput): number[] {
  const f = facts(input);
  const judges = [
    ...new Set([...input.panels.flatMap((p) => p.judgeIds), ...[...f.kept.values()].flatMap((s) => [...s])]),
  ];
  const baseLoad = new Map(judges.map((j) => [j, 0]));
  for (const set of f.kept.values()) for (const j of set) baseLoad.set(j, (baseLoad.get(j) ?? 0) + 1);
  const choices = input.entries.map((e) => {
    const eligible = [...(f.eligible.get(e.id) ?? [])];
    const need = Math.min(Math.max(0, input.k - (f.kept.get(e.id)?.size ?? 0)), eligible.length);
    return [...subsets(eligible, need)];
  });
  let best: number[] | null = null;
  const load = new Map(baseLoad);
  const visit = (i: number) => {
    if (i === choices.length) {
      const v = [...load.values()].sort((a, b) => b - a);
      const cmp = best ? v.findIndex((x, n) => x !== (best as number[])[n]) : 0;
      if (!best || (cmp >= 0 && (v[cmp] as number) < (best[cmp] as number))) best = v;
      return;
    }
    for (const pick of choices[i] as string[][]) {
      for (const j of pick) load.set(j, (load.get(j) ?? 0) + 1);
      visit(i + 1);
      for (const j of pick) load.set(j, (load.get(j) ?? 0) - 1);
    }
  };
  visit(0);
  return best ?? [];
}

describe("assignJudges against brute force", () => {
  it("finds the decreasingly minimal loads: smallest maximum, then fewest at it, and so on", () => {
    const tiny = fc
      .record({
        k: fc.integer({ min: 1, max: 2 }),
        entries: fc.array(
          fc.record({ categoryId: fc.integer({ min: 1, max: 2 }), unitId: fc.integer({ min: 1, max: 3 }) }),
          {
            maxLength: 5,
          },
        ),
        panels: fc.tuple(fc.subarray(["a", "b", "c", "d"]), fc.subarray(["b", "c", "d", "e"])),
        conflicts: fc.array(
          fc.record({
            judgeId: fc.constantFrom("a", "b", "c", "d", "e"),
            unitId: fc.integer({ min: 1, max: 3 }),
          }),
          {
            maxLength: 4,
          },
        ),
        existing: fc.uniqueArray(
          fc.record({
            entry: fc.nat(4),
            judgeId: fc.constantFrom("a", "b", "c", "d", "e"),
            state: fc.constantFrom(...STATES),
          }),
          { maxLength: 4, selector: (r) => `${r.entry}/${r.judgeId}` },
        ),
      })
      .map(
        (r): AssignInput => ({
          k: r.k,
          entries: r.entries.map((e, i) => ({ id: i + 1, ...e })),
          panels: [
            { categoryId: 1, judgeIds: r.panels[0] },
            { categoryId: 2, judgeIds: r.panels[1] },
          ],
          conflicts: r.conflicts,
          existing: r.existing.map((x) => ({ entryId: x.entry + 1, judgeId: x.judgeId, state: x.state })),
        }),
      );
    fc.assert(
      fc.property(tiny, (input) => {
        expect(sortedLoads(assignJudges(input))).toEqual(bruteForceBest(input));
      }),
      { numRuns: 400 },
    );
  });
});
