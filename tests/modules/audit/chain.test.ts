import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson, recordHash, recordParts } from "~/modules/audit/chain";

const base = {
  at: new Date("2026-11-23T08:30:00.123Z"),
  actorId: "judge-1",
  ip: "10.0.0.7",
  action: "sheet.submit",
  subjectType: "assignment",
  subjectId: "42",
  editionId: 3,
  before: null,
  after: { points: { "7": 18.5, "8": 20 }, comment: "材料翔实" },
};

// Records whose JSON holds what a careless split would trip over: nested "id" and "ip" keys, the
// separators themselves inside strings, no edition, no actor, nothing before or after.
const tricky = [
  base,
  { ...base, editionId: null, actorId: null, ip: null },
  { ...base, before: { id: 9, ip: "1.2.3.4", list: [{ id: 1 }] }, after: null },
  { ...base, after: { comment: '带引号的 "id":1, 和 ,"ip":"x" 以及换行\n' } },
  { ...base, after: [1, "二", { z: 1, a: 2 }] },
];

describe("a record's canonical form in two parts around its id", () => {
  it("joins with the id into exactly the canonical form the verifier hashes", () => {
    for (const record of tricky) {
      for (const id of [1, 42, 9_007_199_254]) {
        const { head, tail } = recordParts(record);
        const whole = canonicalJson({ id, ...record, at: record.at.toISOString() });
        expect(`${head}${id}${tail}`).toBe(whole);
        const hash = createHash("sha256").update(`prev\n${head}${id}${tail}`).digest("hex");
        expect(hash).toBe(recordHash("prev", { id, ...record }));
      }
    }
  });

  it("changes when any hashed field changes", () => {
    const parts = recordParts(base);
    expect(recordParts({ ...base, action: "sheet.reopen" })).not.toEqual(parts);
    expect(recordParts({ ...base, at: new Date("2026-11-23T08:30:00.124Z") })).not.toEqual(parts);
    expect(recordParts({ ...base, after: { points: { "7": 18 } } })).not.toEqual(parts);
  });
});
