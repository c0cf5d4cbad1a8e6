// Structured logs (pino, one JSON object a line) and the request id that ties a request's lines
// together. Plain JavaScript: the HTTP server loads it before any build exists.
import { randomUUID } from "node:crypto";
import { pino } from "pino";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

/**
 * The level when LOG_LEVEL is unset: silent under the test runner (tests that want lines inject
 * their own logger), info otherwise. LOG_LEVEL itself is validated with the environment.
 */
export function defaultLogLevel(source = process.env) {
  return source.VITEST ? "silent" : "info";
}

/**
 * A pino logger; destination is any writable stream (stdout unless given: tests pass their own).
 * @param {{ level?: string, destination?: import("node:stream").Writable }} [options]
 */
export function createLogger({ level = defaultLogLevel(), destination = undefined } = {}) {
  const options = { level, base: { service: "pingxuan" }, timestamp: pino.stdTimeFunctions.isoTime };
  return destination ? pino(options, destination) : pino(options);
}

// Letters, digits and a few separators, at most 128: what proxies and tracing systems send
// (UUIDs, hex trace ids). Anything else (control characters, quotes, very long) is replaced so a
// client cannot forge or break log lines.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The client's X-Request-Id when it is sane, a new UUID otherwise. */
export function requestIdFrom(header) {
  return typeof header === "string" && REQUEST_ID.test(header) ? header : randomUUID();
}

// Paths that carry a secret in a segment: the token of an invitation or a password reset link.
const SECRET_SEGMENT = /^\/(invite|reset-password)\/[^/]+/;

/** The path as logged: no query string (it may hold tokens), secret segments masked. */
export function loggedPath(originalUrl) {
  const pathOnly = originalUrl.split("?")[0] ?? "/";
  return pathOnly.replace(SECRET_SEGMENT, "/$1/:token").slice(0, 512);
}

/**
 * Gives each request an id (res.locals.requestId and the X-Request-Id response header) and a child
 * logger (res.locals.log), and writes one access line when the response is finished or the client
 * went away.
 */
export function requestLogging(logger) {
  return (req, res, next) => {
    const requestId = requestIdFrom(req.get("x-request-id"));
    const started = process.hrtime.bigint();
    res.locals.requestId = requestId;
    res.locals.log = logger.child({ requestId });
    res.set("X-Request-Id", requestId);
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      const line = {
        method: req.method,
        path: loggedPath(req.originalUrl),
        status: res.statusCode,
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        aborted: !res.writableFinished || undefined,
      };
      const level = res.statusCode >= 500 ? "error" : "info";
      res.locals.log[level](line, "request");
    };
    res.once("finish", done);
    res.once("close", done);
    next();
  };
}

/** The last express handler: logs an error nothing else handled, with the request id, and answers 500. */
export function errorLogging(logger) {
  // Express recognises an error handler by its four parameters.
  return (error, req, res, _next) => {
    const log = res.locals.log ?? logger;
    log.error({ err: error, method: req.method, path: loggedPath(req.originalUrl) }, "unhandled error");
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res
      .status(500)
      .type("text/plain; charset=utf-8")
      .send(`Internal error / 服务器内部错误 (request ${res.locals.requestId ?? "-"})`);
  };
}
