import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { Lucia, TimeSpan } from "lucia";
import { db } from "#db/client.server";
import { type Role, sessions, users } from "#db/schema";
import { env } from "~/env.server";

/*
 * Lucia v3 is deprecated upstream; it stays behind this module so it can be swapped for a
 * hand-written session store without touching routes (docs/decisions/002-sessions-with-lucia.md).
 */

export const SESSION_COOKIE = "pingxuan_session";
export const SESSION_DAYS = 30;

function createLucia() {
  const adapter = new DrizzlePostgreSQLAdapter(
    // The adapter is typed against one driver; both of ours share its query builder.
    db() as unknown as ConstructorParameters<typeof DrizzlePostgreSQLAdapter>[0],
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
