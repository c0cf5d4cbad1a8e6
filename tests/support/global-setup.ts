import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { connectPostgres, openDatabase } from "#db/client.server";

declare module "vitest" {
  export interface ProvidedContext {
    /** A migrated PGlite data directory that each test file copies (pglite project). */
    pgliteTemplate: string;
    /** A migrated PostgreSQL database that each test file clones (postgres project). */
    postgresTemplate: string;
  }
}

/** What the server build is made from: a newer file here makes the build stale. */
const SOURCES = ["app", "db", "emails", "remix.config.js", "package-lock.json"];
const BUILD = "build/index.js";
const LOCK = "build/.rebuilding";

function newestSource(entry: string): number {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of fs.readdirSync(entry)) newest = Math.max(newest, newestSource(path.join(entry, name)));
  return newest;
}

/**
 * HTTP tests run the real server build. `npm test` builds before vitest starts; a bare `vitest`
 * after an edit would test the old build, so it is rebuilt here when a source is newer. Both
 * database projects run this at once: the first takes the lock directory and builds, the other
 * waits for it.
 */
async function ensureFreshBuild(): Promise<void> {
  const built = fs.statSync(BUILD, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (built >= Math.max(...SOURCES.map(newestSource))) return;
  fs.mkdirSync(path.dirname(LOCK), { recursive: true });
  try {
    fs.mkdirSync(LOCK);
  } catch {
    while (fs.existsSync(LOCK)) await new Promise((resolve) => setTimeout(resolve, 200));
    return;
  }
  try {
    console.log("The server build is older than its sources: rebuilding (remix build).");
    execFileSync("npx", ["remix", "build"], { stdio: "inherit" });
  } finally {
    fs.rmdirSync(LOCK);
  }
}

/**
 * Runs once per database project, before its files: makes sure the server build is fresh and
 * migrates one template database. Each test file then starts from a copy of it
 * (tests/support/db.ts) instead of replaying every migration itself.
 */
export default async function setup(project: TestProject) {
  await ensureFreshBuild();
  if (!fs.existsSync(BUILD)) throw new Error("No server build: `npx remix build` failed.");
  if (project.name === "postgres") {
    const adminUrl = process.env.TEST_DATABASE_URL;
    if (!adminUrl) throw new Error("TEST_DATABASE_URL is not set");
    const name = `pingxuan_template_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = connectPostgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const template = await openDatabase({ kind: "postgres", url: url.toString(), max: 1 });
    await template.close();
    project.provide("postgresTemplate", name);
    return async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pingxuan-template-"));
  const template = await openDatabase({ kind: "pglite", dataDir: dir });
  await template.close();
  project.provide("pgliteTemplate", dir);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
