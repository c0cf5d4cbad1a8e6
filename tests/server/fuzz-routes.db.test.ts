import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { attachments, certificates, editions, entries, users } from "#db/schema";
import { hostileForm, hostileString } from "../modules/forms/hostile";
import { type Client, type TestApp, testAppForFile } from "../support/app";
import { withJudging } from "../support/judging";

/*
 * Every route of the build, over HTTP, with hostile addresses and bodies: each path parameter in
 * turn replaced by hostile values (encoded, and raw escapes that do not decode), hostile query
 * strings on the real address and on its data address (.data), and every action posted under each
 * content type a client can send. The answer may be anything but a 5xx. The routes are read from
 * the build, so a new route is fuzzed without a line here; the counts are printed and have floors.
 */
const testApp = testAppForFile();
let app: TestApp;
let build: ServerBuild;
let clients: Record<"anonymous" | "organizer" | "unit" | "judge", Client>;
let real: Record<string, string>;

type Route = { id: string; pattern: string; params: string[]; hasAction: boolean; hasLoader: boolean };

/** The routes with their full paths, as Remix matches them (layouts and their index merged). */
function routesOf(serverBuild: ServerBuild): Route[] {
  const byId = serverBuild.routes;
  const fullPath = (id: string): string[] => {
    const route = byId[id];
    if (!route) return [];
    const own = route.path ? route.path.split("/") : [];
    return [...(route.parentId ? fullPath(route.parentId) : []), ...own];
  };
  const seen = new Map<string, Route>();
  for (const route of Object.values(byId)) {
    if (!route || route.id === "root") continue;
    const segments = fullPath(route.id).filter(Boolean);
    const pattern = `/${segments.join("/")}`;
    const key = `${pattern}|${route.index ? "index" : "layout"}`;
    seen.set(key, {
      id: route.id,
      pattern,
      params: segments.filter((s) => s.startsWith(":")).map((s) => s.slice(1)),
      hasAction: typeof route.module.action === "function",
      hasLoader: typeof route.module.loader === "function",
    });
  }
  return [...seen.values()].sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/** Who can get past the route's guard, so the fuzzing reaches its parsing. */
function actorFor(pattern: string): Client {
  if (pattern.startsWith("/admin")) return clients.organizer;
  if (pattern.startsWith("/unit")) return clients.unit;
  if (pattern.startsWith("/judge")) return clients.judge;
  return clients.anonymous;
}

/** A value as it appears in an address: encoded, or as given when it cannot be. */
function encoded(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return "%ED%A0%80"; // a lone surrogate, as UTF-8 would spell it
  }
}

// Raw text put into addresses as is: escapes that are not UTF-8, control characters, traversal.
const RAW_SEGMENTS = [
  "%FF",
  "%",
  "%E4%B8",
  "%00",
  "a%0d%0ab",
  "..",
  "%2e%2e%2f",
  "0",
  "-1",
  "1.5",
  "99999999999",
];
const QUERY_KEYS = [
  "q",
  "page",
  "category",
  "edition",
  "status",
  "sort",
  "dir",
  "actor",
  "redirectTo",
  "edit",
  "flagged",
];

function pathWith(route: Route, override: Record<string, string> = {}): string {
  return route.pattern.replace(
    /:([A-Za-z]+)/g,
    (_m, name: string) => override[name] ?? realValue(route, name),
  );
}

function realValue(route: Route, name: string): string {
  if (name === "file")
    return route.id.includes("unit.certificates") ? (real.unitCertificate ?? "") : (real.certificate ?? "");
  return real[name] ?? "1";
}

const seed = 20261204;
const sample = <T>(arb: fc.Arbitrary<T>, n: number) => fc.sample(arb, { numRuns: n, seed });

/** Hostile values of one path parameter: raw escapes and a few encoded hostile strings. */
function paramValues(): string[] {
  return [
    ...RAW_SEGMENTS.slice(0, 5),
    ...sample(hostileString(), 3).map((s) => encoded(s.slice(0, 300)) || "x"),
  ];
}

/** A few hostile query strings, mixing known names, raw escapes and encoded hostile values. */
function queryStrings(): string[] {
  const pairs = sample(
    fc.array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(...QUERY_KEYS),
          hostileString().map((s) => encoded(s.slice(0, 50))),
        ),
        fc.oneof(
          fc.constantFrom(...RAW_SEGMENTS),
          hostileString().map((s) => encoded(s.slice(0, 2000))),
        ),
      ),
      { minLength: 1, maxLength: 4 },
    ),
    4,
  );
  return pairs.map((list) => list.map(([k, v]) => `${k}=${v}`).join("&"));
}

/** A body under each content type a client can send; `kind` names it in the report. */
function bodies(): { kind: string; type?: string; body?: BodyInit }[] {
  const [pairs = []] = sample(
    hostileForm(["intent", "id", "reason", "name", "email", "redirectTo", "version"]),
    1,
  );
  const form = new FormData();
  for (const [k, v] of pairs) form.append(k, v);
  form.append("file", new Blob(["%PDF-1.4 not really"], { type: "application/pdf" }), 'a=b;"c\r\n.pdf');
  return [
    {
      kind: "urlencoded",
      type: "application/x-www-form-urlencoded",
      body: new URLSearchParams(pairs).toString(),
    },
    { kind: "multipart", body: form },
    { kind: "json", type: "application/json", body: JSON.stringify(Object.fromEntries(pairs)) },
    { kind: "text", type: "text/plain", body: pairs.map(([k, v]) => `${k}=${v}`).join("\n") },
    { kind: "multipart without boundary", type: "multipart/form-data", body: "--x\r\n\r\n" },
    { kind: "unreadable multipart", type: "multipart/form-data; boundary=zz", body: "--zz\r\nbroken" },
    { kind: "no content type", body: "intent=x" },
    { kind: "empty" },
  ];
}

async function send(client: Client, url: string, init: RequestInit = {}): Promise<number> {
  const headers = new Headers(init.headers);
  headers.set("Cookie", [...client.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
  if (init.method === "POST") headers.set("Origin", client.base);
  const res = await fetch(client.base + url, { ...init, headers, redirect: "manual" });
  await res.arrayBuffer();
  return res.status;
}

beforeAll(async () => {
  app = testApp();
  build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  const judging = await withJudging(app);
  const { demo } = judging;
  const unit = await demo.login("unit1");
  const [unitUser] = await app.db.select().from(users).where(eq(users.id, unit.userId));
  const [entry] = await app.db
    .select()
    .from(entries)
    .where(and(eq(entries.editionId, demo.edition.id), eq(entries.unitId, unitUser?.unitId ?? 0)))
    .limit(1);
  const [attachment] = await app.db
    .select()
    .from(attachments)
    .where(eq(attachments.entryId, entry?.id ?? 0))
    .limit(1);
  const [certificate] = await app.db.select().from(certificates).limit(1);
  const [past] = await app.db
    .select()
    .from(editions)
    .where(eq(editions.slug, `demo-${demo.edition.year - 1}`));
  clients = {
    anonymous: app.client(),
    organizer: await demo.login("organizer"),
    unit,
    judge: judging.judge1,
  };
  real = {
    slug: past?.slug ?? "demo",
    editionId: String(demo.edition.id),
    categoryId: String(demo.category("DSP").id),
    entryId: String(entry?.id ?? 1),
    attachmentId: String(attachment?.id ?? 1),
    assignmentId: String(judging.mine[0] ?? 1),
    judgeId: judging.judge1.userId,
    unitId: String(unitUser?.unitId ?? 1),
    messageId: "1",
    code: certificate?.code ?? "x",
    certificate: `${certificate?.code ?? "x"}.pdf`,
    unitCertificate: `${certificate?.id ?? 1}.pdf`,
    token: "no-such-token",
    archiveId: "999999",
  };
});

describe("every route with hostile addresses and bodies", () => {
  it("never answers 5xx", { timeout: 120_000 }, async () => {
    const routes = routesOf(build);
    const failures: string[] = [];
    const counts = { routes: 0, params: 0, queries: 0, actions: 0, requests: 0 };
    const kinds = new Set<string>();
    const check = async (client: Client, url: string, init?: RequestInit, what = "GET") => {
      counts.requests++;
      const status = await send(client, url, init);
      if (status >= 500) failures.push(`${what} ${url} → ${status}`);
    };

    for (const route of routes) {
      counts.routes++;
      const client = actorFor(route.pattern);
      for (const name of route.params) {
        counts.params++;
        for (const value of paramValues()) await check(client, pathWith(route, { [name]: value }));
        await check(client, `${pathWith(route, { [name]: "%FF" })}.data`);
      }
      for (const query of queryStrings()) {
        counts.queries++;
        await check(client, `${pathWith(route)}?${query}`);
      }
      await check(client, `${route.pattern === "/" ? "/_root" : pathWith(route)}.data?q=%00&category=1.5`);
    }

    // Actions last: a post may end the session (/logout) or change what the pages show.
    for (const route of routes.filter((r) => r.hasAction)) {
      counts.actions++;
      const client = route.pattern === "/logout" ? clients.anonymous : actorFor(route.pattern);
      for (const { kind, type, body } of bodies()) {
        kinds.add(kind);
        const headers: Record<string, string> = type ? { "Content-Type": type } : {};
        await check(client, pathWith(route), { method: "POST", headers, body }, `POST (${kind})`);
      }
    }

    console.log(
      `fuzz-routes: ${counts.routes} routes, ${counts.params} path parameters, ${counts.queries} query strings, ` +
        `${counts.actions} actions × ${kinds.size} content types, ${counts.requests} requests`,
    );
    expect(failures).toEqual([]);
    // Floors, so a harness that silently stopped finding routes fails.
    expect(counts.routes).toBeGreaterThanOrEqual(55);
    expect(counts.params).toBeGreaterThanOrEqual(30);
    expect(counts.actions).toBeGreaterThanOrEqual(30);
    expect(kinds.size).toBeGreaterThanOrEqual(8);
  });
});
