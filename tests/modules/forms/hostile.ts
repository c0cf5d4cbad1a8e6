import fc from "fast-check";
import { z } from "zod";

/** Pieces that have broken forms elsewhere: injections, markup, odd unicode, control characters. */
export const HOSTILE_PIECES = [
  "'; drop table users; --",
  "' or '1'='1",
  "1; select pg_sleep(5)",
  "$$",
  "\\",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "{{7*7}}",
  "$" + "{7*7}", // a template placeholder as typed, not evaluated
  "../../etc/passwd",
  "\u0000",
  "a\u0000b",
  "\r\n",
  "\t",
  "\u0007\u001b[31m",
  "\ud800", // lone high surrogate
  "\udfff", // lone low surrogate
  "\u202e", // right-to-left override
  "\u200f", // right-to-left mark
  "\u200b", // zero width space
  "\ufeff", // byte order mark
  "\u0301", // combining accent on nothing
  "🎉",
  "👨‍👩‍👧‍👦",
  "𠜎𠜱", // outside the BMP
  "评选",
  "",
  " ",
  "0",
  "-1",
  "-0",
  "1e308",
  "1e309",
  "9007199254740993",
  "99999999999999999999999999",
  "NaN",
  "Infinity",
  "0x1F",
  "1.5",
  "true",
  "null",
  "undefined",
  "[]",
  "{}",
  "__proto__",
  "constructor",
  "2026-02-30",
  "2026-13-01T25:61",
  "9999-12-31",
  "http://",
  "javascript:alert(1)",
  "%00",
  "%",
  "|",
  'form.required|{"max":1}',
] as const;

/** One hostile string: a known piece, random unicode, a mix, or something very long. */
export function hostileString(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_PIECES) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
    {
      weight: 2,
      arbitrary: fc.array(fc.constantFrom(...HOSTILE_PIECES), { maxLength: 6 }).map((a) => a.join("")),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom("a", "评", "🎉", "\u0000", "'", "9"), fc.integer({ min: 1_000, max: 120_000 }))
        .map(([c, n]) => c.repeat(n)),
    },
  );
}

/** A value of any type, for schemas called with something other than a form. */
export function hostileValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    hostileString(),
    fc.double(),
    fc.bigInt(),
    fc.constantFrom(null, undefined, true, false, Number.MAX_SAFE_INTEGER + 2, -0, Number.NaN, Infinity),
    fc.array(hostileString(), { maxLength: 3 }),
    fc.dictionary(hostileString(), hostileString(), { maxKeys: 3 }),
    fc.anything({ maxDepth: 2 }),
  );
}

/**
 * A form as a browser could send it: the given field names (each missing, once, or repeated) with
 * hostile values, plus some unexpected fields.
 */
export function hostileForm(fields: readonly string[]): fc.Arbitrary<[string, string][]> {
  const perField = fields.map((name) =>
    fc.oneof(
      { weight: 1, arbitrary: fc.constant([] as [string, string][]) },
      { weight: 4, arbitrary: hostileString().map((v) => [[name, v]] as [string, string][]) },
      {
        weight: 1,
        arbitrary: fc
          .array(hostileString(), { minLength: 2, maxLength: 3 })
          .map((vs) => vs.map((v) => [name, v] as [string, string])),
      },
    ),
  );
  const extra = fc.array(fc.tuple(hostileString(), hostileString()), { maxLength: 2 });
  return fc.tuple(fc.tuple(...perField), extra).map(([groups, more]) => [...groups.flat(), ...more]);
}

export function toFormData(pairs: [string, string][]): FormData {
  const form = new FormData();
  for (const [k, v] of pairs) form.append(k, v);
  return form;
}

/** Numbers of runs: enough to find the usual breakages, few enough to keep the suite quick. */
export const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

type Def = {
  type: string;
  shape?: Record<string, unknown>;
  in?: unknown;
  out?: unknown;
  options?: unknown[];
  innerType?: unknown;
  schema?: unknown;
  element?: unknown;
};

/** The field names a schema reads, through preprocess, refinements, unions and wrappers. */
export function fieldNames(schema: unknown, seen = new Set<unknown>()): string[] {
  if (!(schema instanceof z.ZodType) || seen.has(schema)) return [];
  seen.add(schema);
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  const names = new Set<string>();
  for (const [k, field] of Object.entries(def.shape ?? {})) {
    // A list of rows is sent as name[0].field, as conform names its inputs.
    const element = (field as { _zod: { def: Def } })._zod.def.element;
    const inner = element ? fieldNames(element, seen) : [];
    if (inner.length > 0) for (const n of inner) names.add(`${k}[0].${n}`);
    else names.add(k);
  }
  for (const inner of [def.in, def.out, def.innerType, def.schema, ...(def.options ?? [])]) {
    for (const n of fieldNames(inner, seen)) names.add(n);
  }
  return [...names];
}

/**
 * Fields whose value is fixed by the page (hidden inputs and buttons such as intent=approve): the
 * values a browser sends for them, so every branch of a discriminated union is reached.
 */
export function fixedFields(
  schema: unknown,
  out = new Map<string, Set<string>>(),
  seen = new Set<unknown>(),
) {
  if (!(schema instanceof z.ZodType) || seen.has(schema)) return out;
  seen.add(schema);
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  for (const [name, field] of Object.entries(def.shape ?? {})) {
    const values = (field as { _zod: { def: { type: string; values?: unknown[] } } })._zod.def;
    if (values.type !== "literal") continue;
    const set = out.get(name) ?? new Set<string>();
    for (const v of values.values ?? []) if (typeof v === "string") set.add(v);
    out.set(name, set);
  }
  for (const inner of [def.in, def.out, def.innerType, def.schema, ...(def.options ?? [])])
    fixedFields(inner, out, seen);
  return out;
}

/** A form as the page sends it: fixed fields with their values, each other field at most once. */
export function pageForm(schema: z.ZodType): fc.Arbitrary<[string, string][]> {
  const fixed = fixedFields(schema);
  const typed = fieldNames(schema).filter((n) => !fixed.has(n));
  const fixedPairs = fc.tuple(
    ...[...fixed].map(([name, values]) =>
      fc.constantFrom(...values).map((v) => [name, v] as [string, string]),
    ),
  );
  const typedPairs = fc.tuple(
    ...typed.map((name) =>
      fc
        .option(hostileString(), { nil: undefined })
        .map((v) => (v === undefined ? [] : [[name, v] as [string, string]])),
    ),
  );
  return fc.tuple(fixedPairs, typedPairs).map(([f, t]) => [...f, ...t.flat()]);
}
