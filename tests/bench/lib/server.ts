import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * The real portal (`node server/index.js`, the production build) in a process of its own, on the
 * scratch database, as it runs in production: the measured requests cross a real socket and the
 * benchmark's own work does not share the server's event loop.
 */
export type AppProcess = { url: string; pid: number; stop(): Promise<void> };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      s.close(() =>
        address && typeof address !== "string" ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** `nodeArgs` go to the app's node, e.g. `--cpu-prof` to see where a benchmark's time goes. */
export async function startApp(databaseUrl: string, nodeArgs: string[] = []): Promise<AppProcess> {
  if (!fs.existsSync("build/index.js"))
    throw new Error("build/index.js is missing: run `npx remix build` first");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, "server/index.js"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      APP_URL: url,
      SEED_DEMO: "0",
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "pingxuan-bench-")),
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  // Pages that do not exist on this branch log a stack trace each; keep only the end for errors.
  let errors = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    errors = (errors + chunk.toString()).slice(-4000);
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}:\n${errors}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("the app did not start within 60 s");
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid ?? 0,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** Logs in over HTTP as a browser does and answers the session cookie. */
export async function login(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base },
    body: new URLSearchParams({ email, password }),
  });
  if (res.status !== 302) throw new Error(`login of ${email} answered ${res.status}`);
  const cookies = res.headers
    .getSetCookie()
    .map((line) => line.split(";")[0] ?? "")
    .filter((pair) => !pair.endsWith("="));
  if (cookies.length === 0) throw new Error(`login of ${email} set no cookie`);
  return cookies.join("; ");
}
