/** A positive integer route parameter, or a 404 (a mistyped address is "not found", not an error). */
export function intParam(params: Record<string, string | undefined>, name: string): number {
  const raw = params[name];
  if (!raw || !/^\d{1,9}$/.test(raw)) throw new Response("Not Found", { status: 404 });
  return Number(raw);
}

/** The page number from ?page=, at least 1. */
export function pageParam(request: Request): number {
  const raw = new URL(request.url).searchParams.get("page");
  const n = raw && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return Math.max(1, n);
}
