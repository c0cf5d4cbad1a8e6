import fs from "node:fs";
import { createRequire } from "node:module";
import type { AgnosticRouteObject } from "@remix-run/router";
import { describe, expect, it } from "vitest";

/*
 * The server's copy of the router is patched (patches/, docs/decisions/018) to flatten and rank a
 * route tree once and compile each path once, instead of on every match. These tests check that
 * the patch is installed and that matching answers what it answered before it.
 */

// The copy the server loads (CommonJS, through @remix-run/server-runtime), not the ES module a
// bundler would pick.
const require = createRequire(import.meta.url);
const { createMemoryHistory, createRouter, matchRoutes } =
  require("@remix-run/router") as typeof import("@remix-run/router");

const tree = (): AgnosticRouteObject[] => [
  {
    id: "root",
    path: "/",
    children: [
      { id: "home", index: true },
      { id: "judge", path: "judge", children: [{ id: "judge-index", index: true }] },
      { id: "assignment", path: "judge/assignments/:assignmentId" },
      { id: "new-edition", path: "admin/editions/new" },
      { id: "edition", path: "admin/editions/:editionId" },
      { id: "public", path: "e/:slug/:page?" },
      { id: "files", path: "files/*" },
    ],
  },
];

const ids = (routes: AgnosticRouteObject[], path: string) =>
  matchRoutes(routes, path)?.map((m) => `${m.route.id}${JSON.stringify(m.params)}`) ?? null;

describe("route matching on the server", () => {
  it("runs the patched router that caches ranked routes and compiled paths", () => {
    const file = require.resolve("@remix-run/router");
    const source = fs.readFileSync(file, "utf8");
    expect(source, `${file} is not patched: run npm install (its postinstall applies patches/)`).toContain(
      "rankedBranchesCache",
    );
    expect(source).toContain("compiledPaths");
  });

  it("matches static before dynamic, optional segments, splats and misses, the same on every call", () => {
    const routes = tree();
    for (let call = 0; call < 3; call++) {
      expect(ids(routes, "/")).toEqual(["root{}", "home{}"]);
      expect(ids(routes, "/judge")).toEqual(["root{}", "judge{}", "judge-index{}"]);
      expect(ids(routes, "/judge/assignments/42")).toEqual([
        'root{"assignmentId":"42"}',
        'assignment{"assignmentId":"42"}',
      ]);
      expect(ids(routes, "/admin/editions/new")).toEqual(["root{}", "new-edition{}"]);
      expect(ids(routes, "/admin/editions/7")).toEqual(['root{"editionId":"7"}', 'edition{"editionId":"7"}']);
      expect(ids(routes, "/e/2026")).toEqual(['root{"slug":"2026"}', 'public{"slug":"2026"}']);
      expect(ids(routes, "/e/2026/results")).toEqual([
        'root{"slug":"2026","page":"results"}',
        'public{"slug":"2026","page":"results"}',
      ]);
      expect(ids(routes, "/files/a/b.pdf")).toEqual(['root{"*":"a/b.pdf"}', 'files{"*":"a/b.pdf"}']);
      expect(ids(routes, "/JUDGE")).toEqual(["root{}", "judge{}", "judge-index{}"]);
      expect(ids(routes, "/nowhere/at/all")).toBeNull();
    }
  });

  it("sees routes added to a tree after it was matched", () => {
    const router = createRouter({ routes: tree(), history: createMemoryHistory() });
    expect(ids(router.routes, "/late")).toBeNull();
    router.patchRoutes("root", [{ id: "late", path: "late" }]);
    expect(ids(router.routes, "/late")).toEqual(["root{}", "late{}"]);
    router.dispose();
  });
});
