import fs from "node:fs";
import { createServer, type Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll } from "vitest";
import { setDatabase } from "#db/client.server";
import type { Role } from "#db/schema";
import { createUser } from "~/modules/auth/users.server";
import { createApp } from "../../server/app.js";
import { openTestDatabase, type TestDatabase } from "./db";

export const TEST_PASSWORD = "correct horse battery staple";

/** How the app is served: NODE_ENV's mode, and whether as under `npm run dev` (createApp). */
export type AppOptions = { mode?: "production" | "development"; developer?: boolean };

/**
 * The real server build behind the real express app, on a throwaway database, listening on a
 * free port of 127.0.0.1. Tests talk to it over HTTP like a browser does.
 */
export class TestApp {
  private server: Server | undefined;
  url = "";
  private constructor(
    public database: TestDatabase,
    private build: ServerBuild,
    private options: AppOptions,
  ) {}

  static async start(options: AppOptions = {}): Promise<TestApp> {
    // Uploads and mail files of this test file go to a directory of its own.
    process.env.DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "pingxuan-data-"));
    const database = await openTestDatabase();
    setDatabase(database);
    const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
    const app = new TestApp(database, build, options);
    await app.listen();
    return app;
  }

  private async listen() {
    // The port is known once listening, and the app's own origin (APP_URL) includes it.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const address = server.address();
    if (!address || typeof address === "string") throw new Error("no port");
    this.url = `http://127.0.0.1:${address.port}`;
    server.on("request", createApp({ build: this.build, appUrl: this.url, ...this.options }));
    this.server = server;
  }

  /** Stops the HTTP server and reopens the database, as a restart of the portal does. */
  async restart(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
    this.database = await this.database.reopen();
    setDatabase(this.database);
    await this.listen();
  }

  get db() {
    return this.database.db;
  }

  client(): Client {
    return new Client(this.url);
  }

  async createUser(role: Role, email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.cn`) {
    const { id } = await createUser(this.db, { email, name: `测试${role}`, role, password: TEST_PASSWORD });
    return { id, email, password: TEST_PASSWORD };
  }

  /** A client already logged in as a new user with this role. */
  async loggedIn(role: Role): Promise<Client & { userId: string; email: string }> {
    const user = await this.createUser(role);
    const client = this.client();
    const res = await client.post("/login", { email: user.email, password: user.password });
    if (res.status !== 302) throw new Error(`login failed: ${res.status}`);
    return Object.assign(client, { userId: user.id, email: user.email });
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
    setDatabase(undefined);
    await this.database.destroy();
  }
}

/** A tiny browser: keeps cookies, sends forms with this site's Origin, does not follow redirects. */
export class Client {
  cookies = new Map<string, string>();
  constructor(public base: string) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair = "", ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /max-age=0\b/i.test(a.trim())) || value === "";
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** A multipart form post, as a browser sends a form with file inputs. */
  async postMultipart(
    pathname: string,
    form: FormData,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const res = await fetch(this.base + pathname, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: this.cookieHeader(), Origin: this.base, ...headers },
      body: form,
    });
    this.remember(res);
    return res;
  }

  async get(pathname: string, headers: Record<string, string> = {}): Promise<Response> {
    const res = await fetch(this.base + pathname, {
      redirect: "manual",
      headers: { Cookie: this.cookieHeader(), ...headers },
    });
    this.remember(res);
    return res;
  }

  async post(
    pathname: string,
    form: Record<string, string | string[]> | URLSearchParams,
    options: { origin?: string | null; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const body = form instanceof URLSearchParams ? form : toParams(form);
    const headers: Record<string, string> = {
      Cookie: this.cookieHeader(),
      "Content-Type": "application/x-www-form-urlencoded",
      ...options.headers,
    };
    const origin = options.origin === undefined ? this.base : options.origin;
    if (origin !== null) headers.Origin = origin;
    const res = await fetch(this.base + pathname, { method: "POST", redirect: "manual", headers, body });
    this.remember(res);
    return res;
  }
}

export function toParams(form: Record<string, string | string[]>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) {
    for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
  }
  return params;
}

/**
 * Starts a TestApp before the file's tests and stops it after them; call at the top of a file and
 * use the returned getter inside tests.
 */
export function testAppForFile(): () => TestApp {
  let app: TestApp | undefined;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(async () => {
    await app?.stop();
  });
  return () => {
    if (!app) throw new Error("the test app has not started");
    return app;
  };
}
