import type { Logger } from "pino";

/** What the HTTP server passes to every loader and action (see server/app.js). */
export type RequestContext = {
  /** The client's address, as the server sees it (X-Forwarded-For only behind a trusted proxy). */
  ip: string;
  /** This response's Content-Security-Policy nonce for Remix's inline scripts. */
  cspNonce?: string;
  /** This request's id (the X-Request-Id response header); put it in log lines and error pages. */
  requestId?: string;
  /** A logger whose lines carry requestId. */
  log?: Logger;
};

declare module "@remix-run/node" {
  interface AppLoadContext extends RequestContext {}
  // Types loader and action data as single fetch delivers them (no JSON round-trip types).
  interface Future {
    v3_singleFetch: true;
  }
}

/** The client's address from the load context, with a safe fallback for direct calls. */
export function clientIp(context: unknown): string {
  const ip = (context as Partial<RequestContext> | undefined)?.ip;
  return typeof ip === "string" && ip.length > 0 ? ip : "unknown";
}
