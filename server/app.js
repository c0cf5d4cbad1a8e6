// The HTTP server: security headers, the same-origin check for mutations, static files, Remix.
import { createRequestHandler } from "@remix-run/express";
import express from "express";

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
    const own = `${req.protocol}://${req.get("host")}`;
    const source = req.get("origin") ?? refererOrigin(req.get("referer"));
    if (source === undefined || source === own || source === allowed) return next();
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

function securityHeaders(_req, res, next) {
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "strict-origin-when-cross-origin");
  res.set("X-Frame-Options", "DENY");
  res.set("Cross-Origin-Opener-Policy", "same-origin");
  next();
}

/** Builds the express app around a Remix server build (also used by the tests). */
export function createApp({ build, appUrl, trustProxy = false }) {
  const app = express();
  app.disable("x-powered-by");
  if (trustProxy) app.set("trust proxy", true);
  app.use(securityHeaders);
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));
  app.use(sameOriginCheck(appUrl));
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: process.env.NODE_ENV === "production" ? "production" : "development",
      getLoadContext: (req) => ({ ip: req.ip ?? "unknown" }),
    }),
  );
  return app;
}
