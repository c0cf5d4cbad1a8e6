import { redirect } from "@remix-run/node";
import type { Session, User } from "lucia";
import type { Role } from "#db/schema";
import { lucia } from "./lucia.server";

export type CurrentUser = User;

type SessionResult = { user: User; session: Session; setCookie: string | null };

/**
 * Reads the session cookie and validates the session. A session close to expiry is extended, and
 * the returned Set-Cookie must then be sent (routes do it through `sessionHeaders`).
 */
export function readSession(request: Request): Promise<SessionResult | null> {
  // The root loader and the page's loader both ask; one lookup per request is enough.
  let pending = sessionOfRequest.get(request);
  if (!pending) {
    pending = validate(request);
    sessionOfRequest.set(request, pending);
  }
  return pending;
}

const sessionOfRequest = new WeakMap<Request, Promise<SessionResult | null>>();

async function validate(request: Request): Promise<SessionResult | null> {
  const l = lucia();
  const sessionId = l.readSessionCookie(request.headers.get("Cookie") ?? "");
  if (!sessionId) return null;
  const { session, user } = await l.validateSession(sessionId);
  if (!session || !user) return null;
  const setCookie = session.fresh ? l.createSessionCookie(session.id).serialize() : null;
  return { user, session, setCookie };
}

/** The signed-in user, or null for an anonymous visitor. */
export async function getUser(request: Request): Promise<User | null> {
  return (await readSession(request))?.user ?? null;
}

function loginRedirect(request: Request): never {
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
}

/** Any signed-in user; anonymous visitors are sent to the login page. */
export async function requireUser(request: Request): Promise<User> {
  const user = await getUser(request);
  if (!user) loginRedirect(request);
  return user;
}

/** A signed-in user with one of the given roles; other signed-in users get 403. */
export async function requireRole(request: Request, ...roles: Role[]): Promise<User> {
  const user = await requireUser(request);
  if (!roles.includes(user.role)) {
    throw new Response("Forbidden", { status: 403, statusText: "Forbidden" });
  }
  return user;
}

export function requireOrganizer(request: Request): Promise<User> {
  return requireRole(request, "organizer");
}

export function requireJudge(request: Request): Promise<User> {
  return requireRole(request, "judge");
}

export function requireUnitUser(request: Request): Promise<User> {
  return requireRole(request, "unit");
}

/** Anonymous visitors only (the login page); signed-in users go to their home. */
export async function requireAnonymous(request: Request): Promise<void> {
  const user = await getUser(request);
  if (user) throw redirect(homeFor(user.role));
}

export function homeFor(role: Role): string {
  switch (role) {
    case "organizer":
      return "/admin";
    case "judge":
      return "/judge";
    case "unit":
      return "/unit";
  }
}
