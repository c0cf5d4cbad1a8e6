import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { eq, sql } from "drizzle-orm";
import { type DatabaseSession, type DatabaseUser, Lucia, TimeSpan } from "lucia";
import { db, prepared } from "#db/client.server";
import { type Role, sessions, users } from "#db/schema";
import { env } from "~/env.server";

/*
 * Lucia v3 is deprecated upstream; it stays behind this module so it can be swapped for a
 * hand-written session store without touching routes (docs/decisions/002-sessions-with-lucia.md).
 */

export const SESSION_COOKIE = "pingxuan_session";
export const SESSION_DAYS = 30;

/** The columns a session needs, and no more: every request reads them, never the password hash. */
const sessionLookup = prepared((d) =>
  d
    .select({
      id: sessions.id,
      userId: sessions.userId,
      expiresAt: sessions.expiresAt,
      email: users.email,
      name: users.name,
      role: users.role,
      locale: users.locale,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder("sessionId")))
    .prepare("session_lookup"),
);

/** Lucia's drizzle adapter, with the lookup every request makes prepared once (see `prepared`). */
class SessionAdapter extends DrizzlePostgreSQLAdapter {
  override async getSessionAndUser(
    sessionId: string,
  ): Promise<[session: DatabaseSession | null, user: DatabaseUser | null]> {
    const [row] = await sessionLookup().execute({ sessionId });
    if (!row) return [null, null];
    const { id, userId, expiresAt, ...user } = row;
    return [
      { id, userId, expiresAt, attributes: {} },
      { id: userId, attributes: user },
    ];
  }
}

function createLucia() {
  const adapter = new SessionAdapter(
    // The adapter is typed against one driver; both of ours share its query builder.
    db() as unknown as ConstructorParameters<typeof SessionAdapter>[0],
    sessions,
    users,
  );
  return new Lucia(adapter, {
    sessionExpiresIn: new TimeSpan(SESSION_DAYS, "d"),
    sessionCookie: {
      name: SESSION_COOKIE,
      expires: true,
      attributes: { secure: env().secureCookies, sameSite: "lax", path: "/" },
    },
    getUserAttributes: (row) => ({
      email: row.email,
      name: row.name,
      role: row.role,
      locale: row.locale,
    }),
  });
}

type AppLucia = ReturnType<typeof createLucia>;
let instance: { lucia: AppLucia; db: unknown } | undefined;

/** Lucia bound to the open database (re-created if tests swap the database). */
export function lucia(): AppLucia {
  const current = db();
  if (!instance || instance.db !== current) instance = { lucia: createLucia(), db: current };
  return instance.lucia;
}

declare module "lucia" {
  interface Register {
    Lucia: AppLucia;
    DatabaseUserAttributes: {
      email: string;
      name: string;
      role: Role;
      locale: "zh-CN" | "en";
    };
  }
}
