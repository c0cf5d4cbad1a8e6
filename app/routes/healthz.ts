import { database, ping } from "#db/client.server";

/** For load balancers and monitors: answers 200 only when the database answers. */
export async function loader() {
  const kind = database().kind;
  try {
    const ok = await ping();
    return Response.json(
      { ok, db: kind },
      { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
    );
  } catch {
    return Response.json({ ok: false, db: kind }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
