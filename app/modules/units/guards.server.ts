import type { User } from "lucia";
import { requireUnitUser } from "~/modules/auth/guards.server";
import { type UnitMembership, unitOfUser } from "./units.server";

/**
 * A signed-in unit user with the unit they act for, whatever its status (the /unit home page shows
 * a pending or rejected unit its state). Anonymous visitors go to the login page; other roles, and
 * a unit-role account attached to no unit, get 403.
 */
export async function requireUnitMember(request: Request): Promise<{ user: User; unit: UnitMembership }> {
  const user = await requireUnitUser(request);
  const unit = await unitOfUser(user.id);
  if (!unit) throw new Response("Forbidden", { status: 403, statusText: "Forbidden" });
  return { user, unit };
}

/**
 * A unit user whose unit the organizer approved: everything under /unit/… except the home page
 * uses this. Queries must then be scoped by the returned unitId, never by an id from the request.
 */
export async function requireApprovedUnit(
  request: Request,
): Promise<{ user: User; unitId: number; unitName: string }> {
  const { user, unit } = await requireUnitMember(request);
  if (unit.status !== "approved") throw new Response("Forbidden", { status: 403, statusText: "Forbidden" });
  return { user, unitId: unit.id, unitName: unit.name };
}
