import { and, asc, eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { entries, judges } from "#db/schema";
import { ForgotPasswordSchema } from "~/modules/auth/reset-schema";
import { LoginSchema } from "~/modules/auth/schema";
import { CategorySchema, EditionSchema, PhaseChangeSchema } from "~/modules/editions/schema";
import {
  EntryDraftSchema,
  ReviewSchema as EntryReviewSchema,
  NewEntrySchema,
} from "~/modules/entries/schema";
import { JudgeConflictSchema, JudgeInviteSchema, JudgeProfileSchema } from "~/modules/judging/schema";
import { ReopenSchema } from "~/modules/judging/scoring";
import {
  AccountSchema,
  RegistrationSchema,
  UnitInviteSchema,
  ReviewSchema as UnitReviewSchema,
  UnitUserInviteSchema,
} from "~/modules/units/schema";
import { type Client, type TestApp, testAppForFile } from "../../support/app";
import { withJudging } from "../../support/judging";
import { unitClient } from "../units/helpers";
import { fieldNames, hostileForm, hostileString, pageForm } from "./hostile";

/*
 * The forms of the app over HTTP, as the right user, with hostile input: the answer is a field
 * message (400), a refusal (4xx) or a redirect, never a 500, and a refused form changes nothing in
 * the database (every table but the session and throttle bookkeeping is compared before and after).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
/** A few seconds each alone; the whole suite runs many files at once on two cores. */
const FUZZ_TIMEOUT = 120_000;

const testApp = testAppForFile();
let app: TestApp;

/** One hash of every table's rows; sessions and login attempts change on every request by design. */
async function databaseHash(): Promise<string> {
  const tables = await app.database.rows<{ name: string }>(sql`
    select format('%I.%I', schemaname, tablename) as name from pg_tables
    where schemaname = 'public' and tablename not in ('sessions', 'login_attempts') order by tablename`);
  const parts = tables.map(
    (t) =>
      `select '${t.name}' as t, md5(coalesce(string_agg(r::text, '|' order by r::text), '')) as h from ${t.name} r`,
  );
  const [row] = await app.database.rows<{ hash: string }>(
    sql.raw(
      `select md5(string_agg(t || ':' || h, ',' order by t)) as hash from (${parts.join(" union all ")}) x`,
    ),
  );
  return row?.hash ?? "";
}

type Pairs = [string, string][];
type Action = {
  name: string;
  who: () => Client;
  path: () => string;
  form: () => fc.Arbitrary<Pairs>;
};

/** Fixed fields (a button's intent, an id from the page) with their real values or hostile ones. */
function withFixed(fixed: Record<string, () => string[]>, rest: fc.Arbitrary<Pairs>): fc.Arbitrary<Pairs> {
  const picks = Object.entries(fixed).map(([name, values]) =>
    fc
      .oneof(
        { weight: 4, arbitrary: fc.constantFrom(...values()) },
        { weight: 1, arbitrary: hostileString() },
      )
      .map((v) => [name, v] as [string, string]),
  );
  return fc.tuple(fc.tuple(...picks), rest).map(([f, r]) => [...f, ...r]);
}

/** Mostly what a user can type, sometimes a tampered form. */
function formOf(schema: Parameters<typeof pageForm>[0]): fc.Arbitrary<Pairs> {
  return fc.oneof(
    { weight: 3, arbitrary: pageForm(schema) },
    { weight: 1, arbitrary: hostileForm(fieldNames(schema)) },
  );
}

const ALLOWED = new Set([200, 204, 302, 303, 400, 403, 404, 405, 409, 413, 422, 429]);

async function fuzz(action: Action, runs = RUNS) {
  let before = await databaseHash();
  const seen = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(action.form(), async (pairs) => {
      const res = await action.who().post(action.path(), new URLSearchParams(pairs));
      await res.arrayBuffer();
      seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
      expect(res.status, `${action.name} answered ${res.status}`).not.toBeGreaterThanOrEqual(500);
      expect(ALLOWED.has(res.status), `${action.name} answered ${res.status}`).toBe(true);
      const after = await databaseHash();
      if (res.status >= 400)
        expect(after, `${action.name}: a refused form (${res.status}) changed the database`).toBe(before);
      before = after;
    }),
    { numRuns: runs },
  );
  // The fuzzer must reach the form's checks, not only a guard in front of them.
  expect(seen.get(400) ?? 0, `${action.name}: ${JSON.stringify([...seen])}`).toBeGreaterThan(0);
}

let anon: Client;
let organizer: Client;
let unit: Client & { unitId: number; accountIds: number[] };
let judge: Client;
const ids = { edition: 0, category: 0, entry: 0, pendingUnit: 0, judge: "", otherUnit: 0 };

beforeAll(async () => {
  app = testApp();
  const j = await withJudging(app);
  organizer = await j.demo.login("organizer");
  unit = await j.demo.login("unit1");
  judge = j.judge1;
  anon = app.client();
  ids.edition = j.demo.edition.id;
  ids.category = j.demo.category("QWFB").id;
  // Unit forms need the open phase; the judge's conflicts work in any phase.
  await app.db.execute(sql`update editions set phase = 'open' where id = ${ids.edition}`);
  const [draft] = await app.db
    .select()
    .from(entries)
    .where(and(eq(entries.unitId, unit.unitId), eq(entries.status, "draft")))
    .orderBy(asc(entries.id))
    .limit(1);
  const [submitted] = await app.db.select().from(entries).where(eq(entries.status, "submitted")).limit(1);
  ids.entry = draft?.id ?? 0;
  const [aJudge] = await app.db.select().from(judges).limit(1);
  ids.judge = aJudge?.userId ?? "";
  ids.otherUnit = submitted?.unitId ?? 0;
  ids.pendingUnit = (await unitClient(app, "pending")).unitId;
  expect(ids.entry && ids.pendingUnit && ids.judge && submitted).toBeTruthy();
  submittedEntry = submitted?.id ?? 0;
  myAssignment = j.mine[0] ?? 0;
});
let myAssignment = 0;
let submittedEntry = 0;

const actions: Action[] = [
  { name: "register", who: () => anon, path: () => "/register", form: () => formOf(RegistrationSchema) },
  {
    name: "forgot password",
    who: () => anon,
    path: () => "/forgot-password",
    form: () => formOf(ForgotPasswordSchema),
  },
  {
    name: "new edition",
    who: () => organizer,
    path: () => "/admin/editions/new",
    form: () => formOf(EditionSchema),
  },
  {
    name: "edit edition",
    who: () => organizer,
    path: () => `/admin/editions/${ids.edition}`,
    form: () => formOf(EditionSchema),
  },
  {
    name: "change phase",
    who: () => organizer,
    path: () => `/admin/editions/${ids.edition}`,
    form: () => withFixed({ intent: () => ["phase"] }, formOf(PhaseChangeSchema)),
  },
  {
    name: "new category",
    who: () => organizer,
    path: () => `/admin/editions/${ids.edition}/categories/new`,
    form: () => formOf(CategorySchema),
  },
  {
    name: "edit category",
    who: () => organizer,
    path: () => `/admin/editions/${ids.edition}/categories/${ids.category}`,
    form: () => formOf(CategorySchema),
  },
  {
    name: "invite a unit",
    who: () => organizer,
    path: () => "/admin/units/invite",
    form: () => formOf(UnitInviteSchema),
  },
  {
    name: "review a unit",
    who: () => organizer,
    path: () => `/admin/units/${ids.pendingUnit}`,
    form: () => formOf(UnitReviewSchema),
  },
  {
    name: "review units from the list",
    who: () => organizer,
    path: () => "/admin/units",
    form: () => withFixed({ unitId: () => [String(ids.pendingUnit)] }, formOf(UnitReviewSchema)),
  },
  {
    name: "review an entry",
    who: () => organizer,
    path: () => `/admin/entries/${submittedEntry}`,
    form: () => formOf(EntryReviewSchema),
  },
  {
    name: "reopen a score sheet",
    who: () => organizer,
    path: () => `/admin/entries/${submittedEntry}`,
    form: () => withFixed({ intent: () => ["reopen"], assignmentId: () => ["1", "0"] }, formOf(ReopenSchema)),
  },
  {
    name: "invite a judge",
    who: () => organizer,
    path: () => `/admin/editions/${ids.edition}/judges/invite`,
    form: () => formOf(JudgeInviteSchema),
  },
  {
    name: "edit a judge",
    who: () => organizer,
    path: () => `/admin/editions/${ids.edition}/judges/${ids.judge}`,
    form: () => withFixed({ intent: () => ["profile"] }, formOf(JudgeProfileSchema)),
  },
  {
    name: "assignments",
    who: () => organizer,
    path: () => `/admin/editions/${ids.edition}/assignments`,
    form: () =>
      withFixed(
        { intent: () => ["add", "remove", "move"] },
        hostileForm(["entryId", "judgeId", "assignmentId"]),
      ),
  },
  {
    name: "accounts",
    who: () => unit,
    path: () => "/unit/accounts",
    form: () =>
      withFixed(
        { intent: () => ["create", "update"], accountId: () => unit.accountIds.map(String) },
        formOf(AccountSchema),
      ),
  },
  {
    name: "invite a colleague",
    who: () => unit,
    path: () => "/unit/users",
    form: () => formOf(UnitUserInviteSchema),
  },
  { name: "new entry", who: () => unit, path: () => "/unit/entries", form: () => formOf(NewEntrySchema) },
  {
    name: "edit an entry",
    who: () => unit,
    path: () => `/unit/entries/${ids.entry}`,
    form: () => withFixed({ version: () => ["1", "2", "3"] }, formOf(EntryDraftSchema)),
  },
  {
    // "delete" takes no input and would delete the draft the other cases use.
    name: "entry buttons",
    who: () => unit,
    path: () => `/unit/entries/${ids.entry}`,
    form: () =>
      withFixed(
        { intent: () => ["withdraw", "removeAttachment"], version: () => ["1", "2"] },
        hostileForm(["attachmentId", "version"]),
      ),
  },
  {
    name: "declare a conflict",
    who: () => judge,
    path: () => "/judge/conflicts",
    form: () => formOf(JudgeConflictSchema),
  },
  // Last: failed logins fill the throttle, which would then refuse the other users' logins.
  { name: "login", who: () => app.client(), path: () => "/login", form: () => formOf(LoginSchema) },
];

describe("form actions under hostile input", () => {
  it.each(actions.map((a) => [a.name, a] as const))(
    "%s: a message, a refusal or a redirect, never a 500",
    async (_n, action) => {
      await fuzz(action);
    },
    FUZZ_TIMEOUT,
  );
});

describe("the score sheet under hostile input", () => {
  it(
    "answers a message, a refusal or a redirect, never a 500",
    async () => {
      await app.db.execute(sql`update editions set phase = 'judging' where id = ${ids.edition}`);
      const criteria = await app.database.rows<{ id: number }>(
        sql`select c.id from criteria c join entries e on e.category_id = c.category_id
          join assignments a on a.entry_id = e.id where a.id = ${myAssignment} order by c.id`,
      );
      expect(criteria.length).toBeGreaterThan(0);
      await fuzz({
        name: "score sheet",
        who: () => judge,
        path: () => `/judge/assignments/${myAssignment}`,
        form: () =>
          withFixed(
            { intent: () => ["save", "submit"], version: () => ["0", "1"] },
            hostileForm(["comment", "version", ...criteria.map((c) => `points.${c.id}`)]),
          ),
      });
    },
    FUZZ_TIMEOUT,
  );
});

describe("regression examples found by the fuzzer (each was a 500)", () => {
  it("refuses a tampered id in the organizer's and the unit's hidden inputs", async () => {
    await app.db.execute(sql`update editions set phase = 'open' where id = ${ids.edition}`);
    const cases: [Client, string, Pairs][] = [
      [
        organizer,
        `/admin/entries/${submittedEntry}`,
        [
          ["intent", "reopen"],
          ["assignmentId", "x"],
          ["reason", "原因"],
        ],
      ],
      [
        organizer,
        `/admin/editions/${ids.edition}/assignments`,
        [
          ["intent", "move"],
          ["assignmentId", "99999999999"],
          ["judgeId", "x"],
        ],
      ],
      [
        organizer,
        `/admin/editions/${ids.edition}/assignments`,
        [
          ["intent", "remove"],
          ["assignmentId", "1e3"],
        ],
      ],
      [
        organizer,
        `/admin/editions/${ids.edition}/assignments`,
        [
          ["intent", "add"],
          ["entryId", "9007199254740993"],
          ["judgeId", "x"],
        ],
      ],
      [
        unit,
        `/unit/entries/${ids.entry}`,
        [
          ["intent", "removeAttachment"],
          ["attachmentId", "'; drop table users; --"],
        ],
      ],
      [
        unit,
        `/unit/entries/${ids.entry}`,
        [
          ["intent", "withdraw"],
          ["version", "NaN"],
        ],
      ],
      // PostgreSQL refuses NUL in text: the save failed there (PGlite stored it).
      [
        organizer,
        `/admin/entries/${submittedEntry}`,
        [
          ["intent", "reject"],
          ["reason", "a\u0000b"],
        ],
      ],
    ];
    for (const [client, path, pairs] of cases) {
      const before = await databaseHash();
      const res = await client.post(path, new URLSearchParams(pairs));
      expect(res.status, `${path} ${JSON.stringify(pairs)}`).toBe(400);
      expect(await databaseHash()).toBe(before);
    }
  });
});
