import path from "node:path";
import { defineConfig } from "vitest/config";

/*
 * Two kinds of test files:
 *  - *.test.ts(x): pure functions, run once;
 *  - *.db.test.ts: need a database (and often the HTTP app), run once per database: on PGlite
 *    always, and on PostgreSQL too when TEST_DATABASE_URL is set.
 */
const alias = {
  "~": path.resolve("app"),
  "#db": path.resolve("db"),
  "#emails": path.resolve("emails"),
};

const dbProjects = [
  { name: "pglite", env: { TEST_DB: "pglite" } },
  ...(process.env.TEST_DATABASE_URL ? [{ name: "postgres", env: { TEST_DB: "postgres" } }] : []),
];

export default defineConfig({
  resolve: { alias },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true as const,
        test: {
          name: "unit",
          include: ["tests/**/*.test.{ts,tsx}"],
          exclude: ["tests/**/*.db.test.{ts,tsx}"],
        },
      },
      ...dbProjects.map((p) => ({
        extends: true as const,
        test: {
          name: p.name,
          include: ["tests/**/*.db.test.{ts,tsx}"],
          env: p.env,
          globalSetup: ["tests/support/global-setup.ts"],
        },
      })),
    ],
  },
});
