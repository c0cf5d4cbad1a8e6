import type { Server } from "node:http";
import path from "node:path";
import { Writable } from "node:stream";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "~/env.server";
import { createApp } from "../../server/app.js";
import { createLogger, errorLogging, loggedPath, requestIdFrom, requestLogging } from "../../server/log.js";
import { testAppForFile } from "../support/app";

/** A destination that keeps every JSON line the logger writes. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) lines.push(JSON.parse(line));
      callback();
    },
  });
  return { lines, stream };
}

async function listen(app: express.Express): Promise<{ url: string; server: Server }> {
  return new Promise((resolve) => {
    const server = app.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve({
        url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`,
        server,
      });
    });
  });
}

/** Access lines are written when the response finishes, a moment after the client has it. */
async function lineFor(lines: Record<string, unknown>[], requestId: string) {
  for (let i = 0; i < 50; i++) {
    const line = lines.find((l) => l.requestId === requestId && l.msg === "request");
    if (line) return line;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no access line for ${requestId}`);
}

const testApp = testAppForFile();
const { lines, stream } = capture();
let base = "";
let server: Server | undefined;

beforeAll(async () => {
  testApp(); // the database is open
  const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  const logger = createLogger({ level: "info", destination: stream });
  ({ url: base, server } = await listen(createApp({ build, appUrl: "http://127.0.0.1", logger })));
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
});

describe("request ids and access logs", () => {
  it("gives every response an X-Request-Id and logs one access line with it", async () => {
    const res = await fetch(`${base}/login?next=%2Fadmin&token=s3cret`);
    expect(res.status).toBe(200);
    const id = res.headers.get("x-request-id") ?? "";
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const line = await lineFor(lines, id);
    expect(line).toMatchObject({ level: 30, method: "GET", path: "/login", status: 200, requestId: id });
    expect(typeof line.durationMs).toBe("number");
    expect(JSON.stringify(line)).not.toContain("s3cret");
  });

  it("echoes a sane incoming id and replaces a hostile one", async () => {
    const given = "trace-4bf92f3577b34da6a3ce929d0e0e4736";
    const echoed = await fetch(`${base}/login`, { headers: { "X-Request-Id": given } });
    expect(echoed.headers.get("x-request-id")).toBe(given);
    expect(await lineFor(lines, given)).toMatchObject({ path: "/login" });

    for (const hostile of ["a".repeat(129), 'x"} {"level":60', "id with spaces", "tab\there", "é-unicode"]) {
      const res = await fetch(`${base}/login`, { headers: { "X-Request-Id": hostile } });
      const id = res.headers.get("x-request-id") ?? "";
      expect(id).not.toBe(hostile);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      await lineFor(lines, id);
    }
    expect(lines.some((l) => JSON.stringify(l).includes("a".repeat(129)))).toBe(false);
  });

  it("does not log the token of an invitation or reset link", async () => {
    const res = await fetch(`${base}/reset-password/very-secret-token`);
    const line = await lineFor(lines, res.headers.get("x-request-id") ?? "");
    expect(line.path).toBe("/reset-password/:token");
    expect(loggedPath("/invite/abc/def?x=1")).toBe("/invite/:token/def");
  });
});

describe("error logging", () => {
  it("logs an unhandled error with the request id and answers 500 naming it", async () => {
    const { lines: errors, stream: errorStream } = capture();
    const logger = createLogger({ level: "info", destination: errorStream });
    const app = express();
    app.use(requestLogging(logger));
    app.get("/boom", () => {
      throw new Error("kaboom");
    });
    app.use(errorLogging(logger));
    const { url, server: s } = await listen(app);
    try {
      const res = await fetch(`${url}/boom`, { headers: { "X-Request-Id": "req-1" } });
      expect(res.status).toBe(500);
      expect(await res.text()).toContain("req-1");
      const error = errors.find((l) => l.msg === "unhandled error");
      expect(error).toMatchObject({ level: 50, requestId: "req-1" });
      expect(JSON.stringify(error)).toContain("kaboom");
      expect(await lineFor(errors, "req-1")).toMatchObject({ status: 500, level: 50 });
    } finally {
      await new Promise((r) => s.close(r));
    }
  });
});

describe("log level", () => {
  it("comes from LOG_LEVEL, is validated, and is silent under the test runner by default", () => {
    expect(parseEnv({ LOG_LEVEL: "debug" }).logLevel).toBe("debug");
    expect(parseEnv({}).logLevel).toBe("info");
    expect(parseEnv({ VITEST: "true" }).logLevel).toBe("silent");
    expect(() => parseEnv({ LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL/);
    expect(requestIdFrom(undefined)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
