// Checks of a request made before any route sees it: an address the routes cannot read, a body of
// a kind no action takes, a body larger than its form. One place, so no route has to remember them.

/** A plain form (sign in, a choice, a short reason): a few KB, even in Chinese (9 bytes a character). */
export const FORM_LIMIT = 16 * 1024;
/** A form with long texts or many rows (edition rules, a rubric, a score sheet, an objection). */
export const LONG_FORM_LIMIT = 256 * 1024;

// Control characters (C0 and DEL): nobody types them in an address, PostgreSQL refuses NUL in
// text, and CR or LF carried into a header (redirectTo) makes Node refuse to write it.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Why an address cannot be served, or null: a percent escape that is not UTF-8 (the routes'
 * decoding of path parameters threw) or a control character in the path or the query string.
 */
export function badAddress(originalUrl) {
  const q = originalUrl.indexOf("?");
  const pathname = q === -1 ? originalUrl : originalUrl.slice(0, q);
  const query = q === -1 ? "" : originalUrl.slice(q + 1);
  const pieces = [pathname, ...query.split(/[&=]/).map((p) => p.replace(/\+/g, " "))];
  for (const piece of pieces) {
    let decoded;
    try {
      decoded = decodeURIComponent(piece);
    } catch {
      return "undecodable escape";
    }
    if (CONTROL.test(decoded)) return "control character";
  }
  return null;
}

/** The kind of a request body by its Content-Type: a form, a multipart form, or something else. */
export function bodyKind(contentType) {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") return "form";
  if (type === "multipart/form-data")
    return /;\s*boundary=("[^"]+"|[^\s;]+)/i.test(contentType) ? "multipart" : "bad";
  return type ? "other" : "none";
}

/**
 * What each route takes in a body, from its `handle.body` (app/modules/forms/body.ts): "upload"
 * (multipart goes through as a stream, the route applies its per-file limits), "long" or, by
 * default, a plain form. Routes are matched on their full path, as Remix matches them; a data
 * request (`/path.data`, `/_root.data`) counts as its page.
 */
export function bodyRules(build) {
  const routes = Object.values(build.routes);
  const byId = new Map(routes.map((r) => [r.id, r]));
  const fullPath = (route) => {
    const parts = [];
    for (let r = route; r; r = r.parentId ? byId.get(r.parentId) : undefined)
      if (r.path) parts.unshift(r.path);
    return parts.join("/");
  };
  // Every route takes part, so a literal path of a route without a rule is not taken for another
  // route's parameter.
  const rules = routes
    .filter((r) => r.id !== "root")
    .map((r) => {
      const segments = fullPath(r).split("/").filter(Boolean);
      const source = segments
        .map((s) => (s.startsWith(":") ? "[^/]+" : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
        .join("/");
      return {
        pattern: new RegExp(`^/${source}/?$`),
        literals: segments.filter((s) => !s.startsWith(":")).length,
        body: r.module?.handle?.body,
      };
    })
    // The most literal pattern first (/admin/editions/new before /admin/editions/:editionId); of a
    // layout and its index on one path, the one with a rule.
    .sort((a, b) => b.literals - a.literals || Number(Boolean(b.body)) - Number(Boolean(a.body)));
  return (pathname) => {
    const page = pathname === "/_root.data" ? "/" : pathname.replace(/\.data$/, "");
    return rules.find((r) => r.pattern.test(page))?.body ?? "form";
  };
}
