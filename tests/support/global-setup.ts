import fs from "node:fs";

/**
 * HTTP tests run the real server build. `npm test` builds it once before vitest starts (building
 * here would run once per database project, and two builds must not overwrite each other).
 */
export default function setup() {
  if (!fs.existsSync("build/index.js")) {
    throw new Error("No server build: run `npx remix build` first (npm test does it for you).");
  }
}
