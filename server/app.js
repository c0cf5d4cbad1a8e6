// The HTTP server: security headers, the same-origin check for mutations, static files, Remix.
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { finished } from "node:stream/promises";
import { createReadableStreamFromReadable, createRequestHandler } from "@remix-run/node";
import express from "express";
import { createLogger, errorLogging, requestLogging } from "./log.js";
import { badAddress, bodyKind, bodyRules, FORM_LIMIT, LONG_FORM_LIMIT } from "./requests.js";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses a state-changing request whose Origin (or, without one, Referer) names another site.
 * Browsers send Origin on every cross-site POST, so a forged form from elsewhere is refused here,
 * before any action runs; SameSite=Lax cookies are the second line.
 */
export function sameOriginCheck(appUrl) {
  const allowed = new URL(appUrl).origin;
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    // Only APP_URL: the Host header is the client's to choose, so it cannot vouch for an origin.
    const source = req.get("origin") ?? refererOrigin(req.get("referer"));
    if (source === undefined || source === allowed) return next();
    res.status(403).type("text/plain; charset=utf-8").send("Cross-origin request refused / 拒绝跨站请求");
  };
}

function refererOrigin(referer) {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return "invalid";
  }
}

/**
 * A short plain answer for a request refused before any route ran, with the request id that the
 * access line carries (nothing of the request itself is echoed).
 */
function refuse(res, status, words) {
  res
    .status(status)
    .type("text/plain; charset=utf-8")
    .send(`${words} (request ${res.locals.requestId ?? "-"})`);
}

/**
 * Refuses an address with an escape that is not UTF-8 or a control character: the routes would
 * throw decoding it, or pass a NUL on to PostgreSQL, which refuses it (both answered 500).
 */
function addressCheck(req, res, next) {
  if (badAddress(req.originalUrl) === null) return next();
  refuse(res, 400, "Bad request / 请求无效");
}

/**
 * The body of a state-changing request, before any action reads it. Actions take forms: another
 * content type is refused (415), and so is a form larger than its route's limit (413, from
 * Content-Length when given, else while reading), so one request cannot fill the server's memory
 * or be echoed back at length. A form is read here and handed to Remix as bytes; a multipart one
 * is parsed once here, so a malformed one is a 400, not an action's 500. Only a route that takes
 * uploads gets a multipart body as a stream, and applies its own per-file limits.
 */
function bodyCheck(build) {
  const ruleFor = bodyRules(build);
  return async (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const length = req.get("content-length");
    if (!req.get("transfer-encoding") && (length === undefined || Number(length) === 0)) {
      // Nothing posted (the tally's fetch): an empty form, so actions read no fields, not an error.
      res.locals.body = new Uint8Array(0);
      res.locals.contentType = "application/x-www-form-urlencoded";
      return next();
    }
    const kind = bodyKind(req.get("content-type"));
    if (kind !== "form" && kind !== "multipart") {
      res.set("Connection", "close");
      return refuse(res, 415, "Forms only / 只接受表单");
    }
    const rule = ruleFor(req.path);
    if (kind === "multipart" && rule === "upload") return next();
    const limit = rule === "form" ? FORM_LIMIT : LONG_FORM_LIMIT;
    const tooLarge = () => {
      res.set("Connection", "close");
      refuse(res, 413, "Form too large / 表单内容过长");
    };
    if (length !== undefined && Number(length) > limit) return tooLarge();
    const body = await readAtMost(req, limit);
    if (body === "aborted") return;
    if (body === "too large") return tooLarge();
    if (kind === "multipart") {
      try {
        await new Request("http://localhost/", {
          method: "POST",
          headers: { "Content-Type": req.get("content-type") },
          body,
        }).formData();
      } catch {
        return refuse(res, 400, "Bad request / 请求无效");
      }
    }
    res.locals.body = body;
    res.locals.contentType = req.get("content-type");
    next();
  };
}

/** The request body, if it has at most `limit` bytes; stops reading (without destroying) past it. */
function readAtMost(req, limit) {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    const onData = (chunk) => {
      size += chunk.length;
      if (size <= limit) return chunks.push(chunk);
      req.off("data", onData);
      req.pause();
      resolve("too large");
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", () => resolve("aborted"));
    req.once("aborted", () => resolve("aborted"));
  });
}

/**
 * Security headers, with a Content-Security-Policy the app really runs under: scripts only from
 * this site or inline with this response's nonce (Remix's hydration scripts carry it); inline
 * style attributes are allowed (the mail preview uses them); frames only from this site (PDF
 * attachments are shown in one), and no other site may frame ours.
 */
function securityHeaders(_req, res, next) {
  const nonce = randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.set(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "media-src 'self'",
      "font-src 'self'",
      "connect-src 'self'",
      "frame-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'self'",
    ].join("; "),
  );
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "strict-origin-when-cross-origin");
  res.set("X-Frame-Options", "SAMEORIGIN");
  res.set("Cross-Origin-Opener-Policy", "same-origin");
  next();
}

/**
 * Builds the express app around a Remix server build (also used by the tests). logger: a pino
 * logger (server/log.js); by default one at the default level on stdout. mode: "production" or
 * "development" (NODE_ENV); developer: started by `npm run dev`, the only case in which error
 * messages and stacks reach the browser (and only in development mode).
 */
export function createApp({
  build,
  appUrl,
  trustProxy = false,
  logger = createLogger(),
  mode = process.env.NODE_ENV === "development" ? "development" : "production",
  developer = false,
}) {
  const app = express();
  app.disable("x-powered-by");
  if (trustProxy) app.set("trust proxy", true);
  app.use(requestLogging(logger));
  app.use(securityHeaders);
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(addressCheck);
  app.use(express.static("public", { maxAge: "1h" }));
  app.use(sameOriginCheck(appUrl));
  app.use(bodyCheck(build));
  // Remix's development mode puts error messages and stacks (SQL, parameters, file paths) into
  // pages and data answers: only for a developer under `npm run dev`, never on a served portal.
  app.all(
    "*",
    remixHandler(guardedBuild(build), developer && mode === "development" ? "development" : "production"),
  );
  app.use(errorLogging(logger));
  return app;
}

/**
 * Remix behind express. Written here instead of using @remix-run/express because its response
 * writer ignores backpressure: a large video sent to a slow client piled up in server memory.
 * Here the body is piped, so a slow reader slows the file read instead.
 */
function remixHandler(build, mode) {
  const handle = createRequestHandler(build, mode);
  return async (req, res, next) => {
    try {
      const response = await handle(toWebRequest(req, res), {
        ip: req.ip ?? "unknown",
        cspNonce: res.locals.cspNonce,
        requestId: res.locals.requestId,
        log: res.locals.log,
      });
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [key, value] of response.headers.entries()) {
        if (key === "set-cookie") res.append(key, value);
        else res.setHeader(key, value);
      }
      // Answered before the request body was read (a refused upload): the rest of the body is
      // still on the connection, so it cannot carry another request. Close it after this answer.
      if (!req.complete) res.setHeader("Connection", "close");
      if (response.body && req.method !== "HEAD") {
        const body = Readable.fromWeb(response.body);
        body.on("error", (error) => res.destroy(error));
        body.pipe(res);
        await finished(res);
      } else {
        res.end();
      }
    } catch (error) {
      // A client that went away mid-download is not an error of ours.
      if (error?.code === "ERR_STREAM_PREMATURE_CLOSE" || error?.name === "AbortError") return;
      next(error);
    }
  };
}

/**
 * The build with every loader and action guarded: a header value built from input that Node
 * cannot send (a redirect to an address with CR, LF or NUL, say) is the client's error, 400, not a
 * 500. One place, so no route has to clean every value it puts in a header.
 */
function guardedBuild(build) {
  const guard = (fn) =>
    typeof fn === "function"
      ? async (args) => {
          try {
            return await fn(args);
          } catch (error) {
            if (error instanceof TypeError && /invalid header value/i.test(error.message)) {
              throw new Response("Bad Request", { status: 400 });
            }
            throw error;
          }
        }
      : fn;
  const routes = Object.fromEntries(
    Object.entries(build.routes).map(([id, route]) => [
      id,
      {
        ...route,
        module: { ...route.module, loader: guard(route.module.loader), action: guard(route.module.action) },
      },
    ]),
  );
  return { ...build, routes };
}

function toWebRequest(req, res) {
  const url = new URL(req.originalUrl, `${req.protocol}://${req.get("host")}`);
  const controller = new AbortController();
  res.on("close", () => controller.abort());
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else if (value !== undefined) headers.set(key, value);
  }
  const init = { method: req.method, headers, signal: controller.signal };
  if (res.locals.body !== undefined) {
    // Read and checked already (bodyCheck).
    headers.set("Content-Type", res.locals.contentType);
    headers.delete("Content-Length");
    headers.delete("Transfer-Encoding");
    init.body = res.locals.body;
  } else if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = createReadableStreamFromReadable(req);
    init.duplex = "half";
  }
  return new Request(url.href, init);
}
