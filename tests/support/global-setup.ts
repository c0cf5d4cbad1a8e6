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

/**
 * Runs once per database project, before its files: checks the server build and migrates one
 * template database. Each test file then starts from a copy of it (tests/support/db.ts) instead
 * of replaying every migration itself.
 *
 * HTTP tests run the real server build. `npm test` builds it once before vitest starts (building
 * here would run once per database project, and two builds must not overwrite each other).
 */
export default async function setup(project: TestProject) {
  if (!fs.existsSync("build/index.js")) {
    throw new Error("No server build: run `npx remix build` first (npm test does it for you).");
  }
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
