import { spawnSync } from "node:child_process";

/**
 * Whether a command-line tool the test needs is installed. When it is missing the test is skipped
 * with one line naming the Debian package, unless REQUIRE_SYSTEM_TOOLS=1 (CI), where a missing tool
 * fails the test file instead of hiding it.
 *
 *   const tools = requireTool("pdftotext", "poppler-utils") && requireTool("zbarimg", "zbar-tools");
 *   describe.skipIf(!tools)("…", () => { … });
 */
export function requireTool(name: string, debPackage: string): boolean {
  const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).status === 0;
  if (found) return true;
  const message = `${name} not found: install the Debian package ${debPackage} (apt-get install ${debPackage})`;
  if (process.env.REQUIRE_SYSTEM_TOOLS === "1") throw new Error(`${message}; REQUIRE_SYSTEM_TOOLS=1`);
  console.warn(`skipped: ${message}`);
  return false;
}
