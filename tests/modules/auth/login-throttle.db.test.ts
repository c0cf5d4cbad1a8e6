import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { loginAttempts } from "#db/schema";
import { type LoginResult, logIn } from "~/modules/auth/login.server";
import { THROTTLE } from "~/modules/auth/throttle.server";
import { type TestApp, testAppForFile } from "../../support/app";

const testApp = testAppForFile();
let app: TestApp;
beforeAll(() => {
  app = testApp();
});

const PAIR = THROTTLE.maxFailuresPerAccountAndAddress;
const ADDRESS = THROTTLE.maxFailuresPerAddress;
const ACCOUNT = THROTTLE.maxFailuresPerAccount;
const minutes = (n: number) => n * 60_000;

// Each test uses addresses of its own, so the tests of this file do not share address counts.
let next = 0;
function freshAddress(): string {
  next++;
  return `10.${(next >> 16) & 255}.${(next >> 8) & 255}.${next & 255}`;
}

function outcome(r: LoginResult): string {
  return r.ok ? "ok" : r.reason;
}

async function failuresOf(email: string): Promise<number> {
  const rows = await app.db.select().from(loginAttempts).where(eq(loginAttempts.email, email));
  return rows.filter((r) => !r.succeeded).length;
}

describe("login throttle under concurrent attempts", () => {
  it("checks at most the limit of passwords when 30 wrong ones for one account arrive at once", async () => {
    const user = await app.createUser("judge");
    const ip = freshAddress();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => logIn({ email: user.email, password: `wrong ${i}`, ip })),
    );
    const outcomes = results.map(outcome);
    // "invalid" is answered only after the password was checked.
    expect(outcomes.filter((o) => o === "invalid").length).toBeLessThanOrEqual(PAIR);
    expect(outcomes.filter((o) => o === "throttled").length).toBeGreaterThanOrEqual(30 - PAIR);
    expect(await failuresOf(user.email)).toBeLessThanOrEqual(PAIR);
  });

  it("holds the address limit when one address tries many accounts at once", async () => {
    const ip = freshAddress();
    const results = await Promise.all(
      Array.from({ length: ADDRESS + 5 }, (_, i) =>
        logIn({ email: `burst${i}-${ip}@example.cn`, password: "x", ip }),
      ),
    );
    expect(results.map(outcome).filter((o) => o === "invalid").length).toBeLessThanOrEqual(ADDRESS);
  });

  it("holds the account limit when many addresses try one account at once", async () => {
    const user = await app.createUser("judge");
    const results = await Promise.all(
      Array.from({ length: ACCOUNT + 5 }, (_, i) =>
        logIn({ email: user.email, password: `wrong ${i}`, ip: freshAddress() }),
      ),
    );
    expect(results.map(outcome).filter((o) => o === "invalid").length).toBeLessThanOrEqual(ACCOUNT);
    expect(await failuresOf(user.email)).toBeLessThanOrEqual(ACCOUNT);
  });
});

describe("login throttle keys", () => {
  it("does not lock the owner out because someone elsewhere guessed wrong", async () => {
    const user = await app.createUser("judge");
    const attacker = freshAddress();
    for (let i = 0; i < PAIR; i++) {
      expect(outcome(await logIn({ email: user.email, password: `wrong ${i}`, ip: attacker }))).toBe(
        "invalid",
      );
    }
    // The guesser is stopped, the right password included ...
    expect(outcome(await logIn({ ...user, ip: attacker }))).toBe("throttled");
    // ... while the judge, from the office, logs in.
    expect(outcome(await logIn({ ...user, ip: freshAddress() }))).toBe("ok");
  });

  it("keeps an address over its limit blocked, also for an account that just logged in elsewhere", async () => {
    const sprayer = freshAddress();
    for (let i = 0; i < ADDRESS; i++) {
      await logIn({ email: `spray${i}-${sprayer}@example.cn`, password: "x", ip: sprayer });
    }
    const victim = await app.createUser("judge");
    expect(outcome(await logIn({ ...victim, ip: freshAddress() }))).toBe("ok");
    expect(outcome(await logIn({ email: victim.email, password: "guess", ip: sprayer }))).toBe("throttled");
    expect(await failuresOf(victim.email)).toBe(0);
  });

  it("lets a success clear the account's own count, never the address's", async () => {
    const user = await app.createUser("unit");
    const ip = freshAddress();
    for (let i = 0; i < PAIR - 1; i++) {
      expect(outcome(await logIn({ email: user.email, password: `typo ${i}`, ip }))).toBe("invalid");
    }
    expect(outcome(await logIn({ ...user, ip }))).toBe("ok");
    // The account starts afresh: the owner may mistype again.
    for (let i = 0; i < PAIR - 1; i++) {
      expect(outcome(await logIn({ email: user.email, password: `typo ${i}`, ip }))).toBe("invalid");
    }
    // The address does not: its failures before the success still count.
    const counted = 2 * (PAIR - 1);
    for (let i = counted; i < ADDRESS; i++) {
      expect(outcome(await logIn({ email: `other${i}-${ip}@example.cn`, password: "x", ip }))).toBe(
        "invalid",
      );
    }
    // Not even at the account that logged in successfully from it.
    expect(outcome(await logIn({ email: user.email, password: "typo", ip }))).toBe("throttled");
  });

  it("stops guessing spread over many addresses at the account limit, until the window has passed", async () => {
    const user = await app.createUser("organizer");
    const now = new Date();
    for (let i = 0; i < ACCOUNT; i++) {
      const ip = freshAddress();
      expect(outcome(await logIn({ email: user.email, password: `wrong ${i}`, ip, now }))).toBe("invalid");
    }
    expect(outcome(await logIn({ email: user.email, password: "again", ip: freshAddress(), now }))).toBe(
      "throttled",
    );
    const later = new Date(now.getTime() + minutes(THROTTLE.windowMinutes + 1));
    expect(outcome(await logIn({ ...user, ip: freshAddress(), now: later }))).toBe("ok");
  });

  it("counts an IPv6 client by its /64", async () => {
    const user = await app.createUser("judge");
    for (let i = 1; i <= PAIR; i++) {
      const ip = `2001:db8:77:${next}::${i.toString(16)}`;
      expect(outcome(await logIn({ email: user.email, password: `wrong ${i}`, ip }))).toBe("invalid");
    }
    const sameNetwork = `2001:db8:77:${next}:ffff:ffff:ffff:ffff`;
    expect(outcome(await logIn({ ...user, ip: sameNetwork }))).toBe("throttled");
    expect(outcome(await logIn({ ...user, ip: `2001:db8:77:${next + 1}::1` }))).toBe("ok");
    const rows = await app.db.select().from(loginAttempts).where(eq(loginAttempts.email, user.email));
    expect(new Set(rows.filter((r) => !r.succeeded).map((r) => r.ip))).toEqual(
      new Set([`2001:db8:77:${next}::/64`]),
    );
  });

  it("lets the account and address in again once the window has passed", async () => {
    const user = await app.createUser("judge");
    const ip = freshAddress();
    const now = new Date();
    for (let i = 0; i < PAIR; i++) await logIn({ email: user.email, password: `wrong ${i}`, ip, now });
    expect(outcome(await logIn({ ...user, ip, now: new Date(now.getTime() + minutes(1)) }))).toBe(
      "throttled",
    );
    const later = new Date(now.getTime() + minutes(THROTTLE.windowMinutes + 1));
    expect(outcome(await logIn({ ...user, ip, now: later }))).toBe("ok");
  });
});
