/** A positive integer route parameter, or a 404 (a mistyped address is "not found", not an error). */
export function intParam(params: Record<string, string | undefined>, name: string): number {
  const raw = params[name];
  if (!raw || !/^\d{1,9}$/.test(raw)) throw new Response("Not Found", { status: 404 });
  return Number(raw);
}

/**
 * A positive integer id from a form field (a hidden input or a select), or null. Like intParam it
 * allows at most 9 digits, so the value always fits the database's integer columns: a Number() of
 * a tampered field is NaN or too large and made the query fail with a 500.
 */
export function formId(form: FormData, name: string): number | null {
  const raw = form.get(name);
  return typeof raw === "string" && /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : null;
}

/**
 * A positive integer id from the query string (?category=3), or undefined when absent or not
 * one: at most 9 digits, like intParam, so it fits the database's integer columns (1.5 or
 * 99999999999 reached the query and failed it with a 500). A filter that cannot match is no filter.
 */
export function idQuery(request: Request, name: string): number | undefined {
  const raw = new URL(request.url).searchParams.get(name);
  return raw !== null && /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : undefined;
}

/** The page number from ?page=, at least 1. */
export function pageParam(request: Request): number {
  const raw = new URL(request.url).searchParams.get("page");
  const n = raw && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return Math.max(1, n);
}
