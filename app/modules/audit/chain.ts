import { createHash } from "node:crypto";

/*
 * The audit chain: record n's hash = SHA-256(hash of record n−1, "\n", canonical form of record n).
 * The canonical form is JSON with object keys sorted at every level, so the hash computed when a
 * record is written equals the one recomputed from what the database gives back (jsonb reorders
 * keys). Changing, inserting or removing a record breaks every hash after it.
 */

export type ChainRecord = {
  id: number;
  at: Date | string;
  actorId: string | null;
  ip: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  editionId: number | null;
  before: unknown;
  after: unknown;
};

/** JSON with sorted keys; Dates as ISO strings (as JSON.stringify writes them into jsonb). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(JSON.parse(JSON.stringify(value ?? null))));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** The hashed fields of a record: what its canonical form is made of. */
function hashedFields(record: Omit<ChainRecord, "id">) {
  return {
    at: new Date(record.at).toISOString(),
    actorId: record.actorId,
    ip: record.ip,
    action: record.action,
    subjectType: record.subjectType,
    subjectId: record.subjectId,
    editionId: record.editionId,
    before: record.before ?? null,
    after: record.after ?? null,
  };
}

export function recordHash(prevHash: string, record: ChainRecord): string {
  const canonical = canonicalJson({ id: record.id, ...hashedFields(record) });
  return createHash("sha256").update(`${prevHash}\n${canonical}`).digest("hex");
}

/**
 * A record's canonical form without its id, in the two parts around it: `head + id + tail` is
 * the canonical form `recordHash` hashes. The database gives the id and computes the hash in the
 * same statement (audit_append), so the chain's lock is held for one statement, not three.
 */
export function recordParts(record: Omit<ChainRecord, "id">): { head: string; tail: string } {
  const fields: Record<string, unknown> = hashedFields(record);
  const keys = [...Object.keys(fields), "id"].sort();
  const at = keys.indexOf("id");
  const member = (key: string) => `${JSON.stringify(key)}:${canonicalJson(fields[key])}`;
  const before = keys.slice(0, at).map(member);
  const after = keys.slice(at + 1).map(member);
  return {
    head: `{${[...before, ""].join(",")}"id":`,
    tail: `${after.length > 0 ? "," : ""}${after.join(",")}}`,
  };
}

export type ChainVerdict = { ok: true; checked: number } | { ok: false; checked: number; brokenAt: number };

/** Checks records given in id order, continuing from `prevHash`; names the first broken record. */
export function verifyRecords(
  records: (ChainRecord & { hash: string; prevHash: string })[],
  prevHash: string,
): { verdict: ChainVerdict; lastHash: string } {
  let previous = prevHash;
  let checked = 0;
  for (const r of records) {
    if (r.prevHash !== previous || recordHash(previous, r) !== r.hash) {
      return { verdict: { ok: false, checked, brokenAt: r.id }, lastHash: previous };
    }
    previous = r.hash;
    checked++;
  }
  return { verdict: { ok: true, checked }, lastHash: previous };
}
