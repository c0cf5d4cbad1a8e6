// The HTTP server: security headers, the same-origin check for mutations, static files, Remix.
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { finished } from "node:stream/promises";
import { createReadableStreamFromReadable, createRequestHandler } from "@remix-run/node";
import express from "express";
import { createLogger, errorLogging, requestLogging } from "./log.js";

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
 * logger (server/log.js); by default one at the default level on stdout.
 */
export function createApp({ build, appUrl, trustProxy = false, logger = createLogger() }) {
  const app = express();
  app.disable("x-powered-by");
  if (trustProxy) app.set("trust proxy", true);
  app.use(requestLogging(logger));
  app.use(securityHeaders);
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));
  app.use(sameOriginCheck(appUrl));
  app.all("*", remixHandler(build, process.env.NODE_ENV === "production" ? "production" : "development"));
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
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = createReadableStreamFromReadable(req);
    init.duplex = "half";
  }
  return new Request(url.href, init);
}
