import { randomBytes } from "node:crypto";
import path from "node:path";
import { z } from "zod";

/**
 * The environment, read once and validated at start-up (see docs/operations.md, "Configuration").
 * Everything is optional: without DATABASE_URL the portal runs on the embedded PGlite database.
 */
const flag = z
  .enum(["0", "1", "true", "false"])
  .transform((v) => v === "1" || v === "true")
  .optional();

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres:// or postgresql://")
    .optional(),
  APP_URL: z.string().url().optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "SMTP_URL must start with smtp:// or smtps://")
    .optional(),
  MAIL_FROM: z.string().min(3).default("Pingxuan 评选 <no-reply@pingxuan.local>"),
  SEED_DEMO: flag,
  /** Largest accepted upload (videos are the big ones), in megabytes. */
  MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(100_000).default(500),
  /** Most bytes of attachments one unit may keep in one edition, in megabytes. */
  UNIT_QUOTA_MB: z.coerce.number().int().min(1).max(10_000_000).default(5000),
  /** Set behind a TLS-terminating proxy: the client address and scheme come from X-Forwarded-*. */
  TRUST_PROXY: flag,
  /** How much the server logs (pino levels); info by default, silent under the test runner. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  /** Signs short-lived cookies (the message shown after an action); share it between processes. */
  SESSION_SECRET: z.string().min(16, "SESSION_SECRET must be at least 16 characters").optional(),
});

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

export type Env = {
  nodeEnv: "development" | "production" | "test";
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  appUrl: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  seedDemo: boolean;
  maxUploadBytes: number;
  unitQuotaBytes: number;
  trustProxy: boolean;
  secureCookies: boolean;
  logLevel: LogLevel;
  sessionSecret: string;
};

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings mean "unset" (a common shell habit: FOO= npm start).
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const e = result.data;
  const appUrl = (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    appUrl,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    seedDemo: e.SEED_DEMO ?? !e.DATABASE_URL,
    maxUploadBytes: e.MAX_UPLOAD_MB * 1024 * 1024,
    unitQuotaBytes: e.UNIT_QUOTA_MB * 1024 * 1024,
    trustProxy: e.TRUST_PROXY ?? false,
    secureCookies: e.NODE_ENV === "production" && appUrl.startsWith("https://"),
    logLevel: e.LOG_LEVEL ?? (source.VITEST ? "silent" : "info"),
    // Unset, a random secret per process: a toast signed by another process is simply not shown.
    sessionSecret: e.SESSION_SECRET ?? randomBytes(32).toString("hex"),
  };
}

let cached: Env | undefined;

/** The validated environment of this process. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
