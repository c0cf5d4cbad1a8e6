import { eq } from "drizzle-orm";
import type { User } from "lucia";
import { db } from "#db/client.server";
import { units, users } from "#db/schema";
import { requireUnitUser } from "~/modules/auth/guards.server";

/**
 * A signed-in user of an approved unit, with the unit's id. Every unit query is scoped by this id,
 * so a unit can only ever reach its own rows. Pending and rejected units get 403.
 */
export async function requireApprovedUnit(request: Request): Promise<{ user: User; unitId: number }> {
  const user = await requireUnitUser(request);
  const [row] = await db()
    .select({ unitId: users.unitId, status: units.status })
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(eq(users.id, user.id))
    .limit(1);
  if (!row?.unitId || row.status !== "approved") {
    throw new Response("Forbidden", { status: 403, statusText: "Forbidden" });
  }
  return { user, unitId: row.unitId };
}
