/**
 * Who may do what, route by route.
 *
 * Every route module in app/routes has one row below; a new route without a row fails the first
 * test. Each row visits the route as six actors and names the HTTP status each one gets:
 *
 *   anonymous        nobody signed in
 *   unitA            a user of the unit that owns the entry, its attachment and its account below
 *   unitB            a user of another (approved) unit
 *   judgeAssigned    judge1, assigned to unit A's entry (the assignment below)
 *   judgeUnassigned  judge2, not assigned to it (and with nothing in the open edition)
 *   organizer        the organizer
 *
 * `loader` is a GET of the row's address, `action` a POST of a form to it (an empty one unless
 * the row says otherwise). The forms are chosen to reach the guard without changing anything the
 * other rows look at: the wrong actor is answered 302 (to /login), 403 or 404 before the form is
 * read, and the right actor gets 400 for the empty form, or a harmless redirect. A row without
 * `action` is a route without one (checked against the build): a POST to it is 405 for everyone,
 * unless the row's `post` says otherwise.
 *
 * 302 is a redirect: anonymous visitors to the login page, signed-in users away from pages meant
 * for visitors, and the redirect after a successful post. 404 is also the answer for resources
 * that exist but belong to someone else, so ids cannot be probed.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { accounts, assignments, attachments, certificates, editions, entries, users } from "#db/schema";
import { DEMO_DOMAIN } from "#db/seed";
import { enqueueMail } from "~/modules/mail/mail.server";
import { type Client, testAppForFile } from "./support/app";
import { withDemo } from "./support/demo";

const ACTORS = ["anonymous", "unitA", "unitB", "judgeAssigned", "judgeUnassigned", "organizer"] as const;
type Actor = (typeof ACTORS)[number];
type Status = 200 | 302 | 400 | 403 | 404 | 405 | 409 | 410;
type Cells = Record<Actor, Status>;

/** The resources the rows point at, found or made in beforeAll. */
type Ctx = {
  /** The open demo edition, its slug and the category of unit A's entry. */
  editionId: number;
  openSlug: string;
  categoryId: number;
  unitAId: number;
  /** A submitted entry of unit A in the open edition, with an attachment. */
  entryA: number;
  attachmentA: number;
  accountA: number;
  /** judge1's user id and judge1's assignment on unit A's entry. */
  judge1Id: string;
  assignment: number;
  messageId: number;
  /** The published past demo edition (and its slug), a certificate of unit A in it and its code. */
  pastEditionId: number;
  pastSlug: string;
  certificateA: number;
  certificateCode: string;
};

type Row = {
  file: string;
  path: (ctx: Ctx) => string;
  loader: Cells;
  action?: Cells & {
    form?: (ctx: Ctx) => Record<string, string>;
    /** The action ends the session, so each actor posts with a session of its own. */
    freshSession?: boolean;
  };
  /** For a route without an action: what a POST gets when it is not 405 for everyone. */
  post?: Cells;
};

// biome-ignore format: the table is aligned by hand so it reads as documentation
const TABLE: Row[] = [
  // Public pages: everyone.
  { file: "_index.tsx",                                           path: () => "/",
    loader: { anonymous: 200, unitA: 200, unitB: 200, judgeAssigned: 200, judgeUnassigned: 200, organizer: 200 } },
  { file: "e.$slug.tsx",                                          path: (c) => `/e/${c.openSlug}`,
    loader: { anonymous: 200, unitA: 200, unitB: 200, judgeAssigned: 200, judgeUnassigned: 200, organizer: 200 } },
  // The past demo edition's public lists (published at seed). Objections are taken only during the
  // notice period: a post now is refused with 409 for everyone, before the form is read.
  { file: "e.$slug.notice.tsx",                                   path: (c) => `/e/${c.pastSlug}/notice`,
    loader: { anonymous: 200, unitA: 200, unitB: 200, judgeAssigned: 200, judgeUnassigned: 200, organizer: 200 },
    action: { anonymous: 409, unitA: 409, unitB: 409, judgeAssigned: 409, judgeUnassigned: 409, organizer: 409 } },
  { file: "e.$slug.results.tsx",                                  path: (c) => `/e/${c.pastSlug}/results`,
    loader: { anonymous: 200, unitA: 200, unitB: 200, judgeAssigned: 200, judgeUnassigned: 200, organizer: 200 } },
  { file: "e.$slug.results[.]csv.ts",                             path: (c) => `/e/${c.pastSlug}/results.csv`,
    loader: { anonymous: 200, unitA: 200, unitB: 200, judgeAssigned: 200, judgeUnassigned: 200, organizer: 200 } },
  { file: "e.$slug.results[.]xlsx.ts",                            path: (c) => `/e/${c.pastSlug}/results.xlsx`,
    loader: { anonymous: 200, unitA: 200, unitB: 200, judgeAssigned: 200, judgeUnassigned: 200, organizer: 200 } },
  // The ceremony screen: public once the final list is out; before that (the open edition here)
  // only organizers, who rehearse it; everyone else gets 404.
  { file: "e.$slug_.ceremony.tsx",                                path: (c) => `/e/${c.openSlug}/ceremony`,
    loader: { anonymous: 404, unitA: 404, unitB: 404, judgeAssigned: 404, judgeUnassigned: 404, organizer: 200 } },
  { file: "healthz.ts",                                           path: () => "/healthz",
    loader: { anonymous: 200, unitA: 200, unitB: 200, judgeAssigned: 200, judgeUnassigned: 200, organizer: 200 } },
  // Language switch: anyone; GET just goes home, POST sets the cookie and goes back.
  { file: "locale.tsx",                                           path: () => "/locale",
    loader: { anonymous: 302, unitA: 302, unitB: 302, judgeAssigned: 302, judgeUnassigned: 302, organizer: 302 },
    action: { anonymous: 302, unitA: 302, unitB: 302, judgeAssigned: 302, judgeUnassigned: 302, organizer: 302,
              form: () => ({ locale: "zh-CN", redirectTo: "/" }) } },

  // Signing in and out. The login page is for visitors: signed-in users are sent home, also after
  // posting (the page's loader runs after the action); a visitor's empty form is 400.
  // Asking for a reset link: anonymous visitors; signed-in users are sent home (as on /login, the
  // page's loader redirects them after the action answered the empty form with 400).
  { file: "forgot-password.tsx",                                  path: () => "/forgot-password",
    loader: { anonymous: 200, unitA: 302, unitB: 302, judgeAssigned: 302, judgeUnassigned: 302, organizer: 302 },
    action: { anonymous: 400, unitA: 302, unitB: 302, judgeAssigned: 302, judgeUnassigned: 302, organizer: 302 } },
  // A reset link that does not exist is 404 for everyone.
  { file: "reset-password.$token.tsx",                            path: () => "/reset-password/not-a-real-token",
    loader: { anonymous: 404, unitA: 404, unitB: 404, judgeAssigned: 404, judgeUnassigned: 404, organizer: 404 },
    action: { anonymous: 400, unitA: 400, unitB: 400, judgeAssigned: 400, judgeUnassigned: 400, organizer: 400 } },
  { file: "login.tsx",                                            path: () => "/login",
    loader: { anonymous: 200, unitA: 302, unitB: 302, judgeAssigned: 302, judgeUnassigned: 302, organizer: 302 },
    action: { anonymous: 400, unitA: 302, unitB: 302, judgeAssigned: 302, judgeUnassigned: 302, organizer: 302 } },
  // The second step of a two-step login: only with a live challenge cookie (none here), so every
  // visitor is sent back to /login; signed-in users are sent home.
  { file: "login_.two-factor.tsx",                                path: () => "/login/two-factor",
    loader: { anonymous: 302, unitA: 302, unitB: 302, judgeAssigned: 302, judgeUnassigned: 302, organizer: 302 },
    action: { anonymous: 302, unitA: 302, unitB: 302, judgeAssigned: 302, judgeUnassigned: 302, organizer: 302 } },
  { file: "logout.tsx",                                           path: () => "/logout",
    loader: { anonymous: 302, unitA: 302, unitB: 302, judgeAssigned: 302, judgeUnassigned: 302, organizer: 302 },
    action: { anonymous: 302, unitA: 302, unitB: 302, judgeAssigned: 302, judgeUnassigned: 302, organizer: 302,
              freshSession: true } },
  // Registration of a new unit: visitors only; signed-in users are sent home.
  { file: "register.tsx",                                         path: () => "/register",
    loader: { anonymous: 200, unitA: 302, unitB: 302, judgeAssigned: 302, judgeUnassigned: 302, organizer: 302 },
    action: { anonymous: 400, unitA: 302, unitB: 302, judgeAssigned: 302, judgeUnassigned: 302, organizer: 302 } },
  // An invitation: the token is the credential; an unknown token is 404 for everyone.
  { file: "invite.$token.tsx",                                    path: () => "/invite/no-such-token",
    loader: { anonymous: 404, unitA: 404, unitB: 404, judgeAssigned: 404, judgeUnassigned: 404, organizer: 404 },
    action: { anonymous: 404, unitA: 404, unitB: 404, judgeAssigned: 404, judgeUnassigned: 404, organizer: 404 } },

  // Attachments: the entry's own unit, a judge assigned to the entry (from judging on, so not in
  // the open edition), and the organizer.
  { file: "files.$attachmentId.tsx",                              path: (c) => `/files/${c.attachmentA}`,
    loader: { anonymous: 302, unitA: 200, unitB: 404, judgeAssigned: 404, judgeUnassigned: 404, organizer: 200 } },

  // The unit's pages: unit users only (of an approved unit); everything scoped to their own unit.
  { file: "unit._index.tsx",                                      path: () => "/unit",
    loader: { anonymous: 302, unitA: 200, unitB: 200, judgeAssigned: 403, judgeUnassigned: 403, organizer: 403 } },
  // Accounts: unit A may edit its own account; unit B gets 404 for it.
  { file: "unit.accounts.tsx",                                    path: (c) => `/unit/accounts?edit=${c.accountA}`,
    loader: { anonymous: 302, unitA: 200, unitB: 404, judgeAssigned: 403, judgeUnassigned: 403, organizer: 403 },
    action: { anonymous: 302, unitA: 400, unitB: 400, judgeAssigned: 403, judgeUnassigned: 403, organizer: 403 } },
  { file: "unit.users.tsx",                                       path: () => "/unit/users",
    loader: { anonymous: 302, unitA: 200, unitB: 200, judgeAssigned: 403, judgeUnassigned: 403, organizer: 403 },
    action: { anonymous: 302, unitA: 400, unitB: 400, judgeAssigned: 403, judgeUnassigned: 403, organizer: 403 } },
  { file: "unit.entries._index.tsx",                              path: () => "/unit/entries",
    loader: { anonymous: 302, unitA: 200, unitB: 200, judgeAssigned: 403, judgeUnassigned: 403, organizer: 403 },
    action: { anonymous: 302, unitA: 400, unitB: 400, judgeAssigned: 403, judgeUnassigned: 403, organizer: 403 } },
  // Unit A's entry: only unit A; another unit gets 404, as if it did not exist.
  { file: "unit.entries.$entryId.tsx",                            path: (c) => `/unit/entries/${c.entryA}`,
    loader: { anonymous: 302, unitA: 200, unitB: 404, judgeAssigned: 403, judgeUnassigned: 403, organizer: 403 },
    action: { anonymous: 302, unitA: 400, unitB: 404, judgeAssigned: 403, judgeUnassigned: 403, organizer: 403 } },

  // The judge's pages: judges only, and only their own assignments.
  { file: "judge._index.tsx",                                     path: () => "/judge",
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 200, judgeUnassigned: 200, organizer: 403 } },
  // judge1's assignment: judges see their assignments from judging on (blind review: before, the
  // organizer's runs apply declared conflicts), so in the open edition it is 404 for judge1 too, as
  // for judge2; tests/modules/judging covers judge1 opening it in judging.
  { file: "judge.assignments.$assignmentId.tsx",                  path: (c) => `/judge/assignments/${c.assignment}`,
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 404, judgeUnassigned: 404, organizer: 403 },
    action: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 404, judgeUnassigned: 404, organizer: 403 } },
  // A category's list: 404 for a judge with nothing assigned in it (nor before judging).
  { file: "judge.categories.$categoryId.tsx",                     path: (c) => `/judge/categories/${c.categoryId}`,
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 404, judgeUnassigned: 404, organizer: 403 } },
  { file: "judge.conflicts.tsx",                                  path: () => "/judge/conflicts",
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 200, judgeUnassigned: 200, organizer: 403 },
    action: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 400, judgeUnassigned: 400, organizer: 403 } },

  // Administration: the organizer only; units and judges get 403.
  // The /admin layout has no page of its own: its row visits /admin, where it runs with admin._index.
  { file: "admin.tsx",                                            path: () => "/admin",
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 200 } },
  { file: "admin._index.tsx",                                     path: () => "/admin",
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 200 } },
  { file: "admin.editions.new.tsx",                               path: () => "/admin/editions/new",
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 200 },
    action: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 400 } },
  { file: "admin.editions.$editionId._index.tsx",                 path: (c) => `/admin/editions/${c.editionId}`,
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 200 },
    action: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 400 } },
  { file: "admin.editions.$editionId.assignments.tsx",            path: (c) => `/admin/editions/${c.editionId}/assignments`,
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 200 },
    action: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 400 } },
  { file: "admin.editions.$editionId.assignments[.]csv.ts",       path: (c) => `/admin/editions/${c.editionId}/assignments.csv`,
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 200 } },
  { file: "admin.editions.$editionId.categories.new.tsx",         path: (c) => `/admin/editions/${c.editionId}/categories/new`,
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 200 },
    action: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 400 } },
  { file: "admin.editions.$editionId.categories.$categoryId.tsx", path: (c) => `/admin/editions/${c.editionId}/categories/${c.categoryId}`,
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 200 },
    action: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 400 } },
  // No action: 405, but a visitor is sent to /login first by the loader of the /admin layout.
  { file: "admin.editions.$editionId.judges._index.tsx",          path: (c) => `/admin/editions/${c.editionId}/judges`,
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 200 },
    post:   { anonymous: 302, unitA: 405, unitB: 405, judgeAssigned: 405, judgeUnassigned: 405, organizer: 405 } },
  { file: "admin.editions.$editionId.judges.$judgeId.tsx",        path: (c) => `/admin/editions/${c.editionId}/judges/${c.judge1Id}`,
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 200 },
    action: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 400 } },
  { file: "admin.editions.$editionId.judges.import.tsx",          path: (c) => `/admin/editions/${c.editionId}/judges/import`,
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 200 },
    action: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 400 } },
  { file: "admin.editions.$editionId.judges.invite.tsx",          path: (c) => `/admin/editions/${c.editionId}/judges/invite`,
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 200 },
    action: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 400 } },
  // Progress; the organizer's post sends reminders to the judges with unfinished sheets.
  { file: "admin.editions.$editionId.progress.tsx",               path: (c) => `/admin/editions/${c.editionId}/progress`,
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 200 },
    action: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 302 } },
  // The tally: organizers only; the organizer's empty form is 400 (no intent).
  { file: "admin.editions.$editionId.results.tsx",                path: (c) => `/admin/editions/${c.editionId}/results`,
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 200 },
    action: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 400 } },
  // The tally with streamed progress (the results page's button when scripts run): organizers
  // only; a GET shows nothing (405), and the open edition is not in a tally phase (409).
  { file: "admin.editions.$editionId.tally.ts",                   path: (c) => `/admin/editions/${c.editionId}/tally`,
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 405 },
    action: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 409 } },
  { file: "admin.editions.$editionId.results[.]csv.ts",           path: (c) => `/admin/editions/${c.editionId}/results.csv`,
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 200 } },
  { file: "admin.editions.$editionId.results[.]xlsx.ts",          path: (c) => `/admin/editions/${c.editionId}/results.xlsx`,
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 200 } },
  { file: "admin.editions.$editionId.sheets[.]csv.ts",            path: (c) => `/admin/editions/${c.editionId}/sheets.csv`,
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 200 } },
  // No action: 405, but a visitor is sent to /login first by the loader of the /admin layout.
  { file: "admin.editions.$editionId.review.tsx",                 path: (c) => `/admin/editions/${c.editionId}/review`,
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 200 },
    post:   { anonymous: 302, unitA: 405, unitB: 405, judgeAssigned: 405, judgeUnassigned: 405, organizer: 405 } },
  // Publication of the past edition (published): the organizer's empty post names no step, 400.
  { file: "admin.editions.$editionId.publication.tsx",            path: (c) => `/admin/editions/${c.pastEditionId}/publication`,
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 200 },
    action: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 400 } },
  { file: "admin.entries.$entryId.tsx",                           path: (c) => `/admin/entries/${c.entryA}`,
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 200 },
    action: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 400 } },
  // The units list; a post reviews the unit it names: none is 404.
  { file: "admin.units._index.tsx",                               path: () => "/admin/units",
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 200 },
    action: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 404 } },
  { file: "admin.units.$unitId.tsx",                              path: (c) => `/admin/units/${c.unitAId}`,
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 200 },
    action: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 400 } },
  { file: "admin.units.import.tsx",                               path: () => "/admin/units/import",
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 200 },
    action: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 400 } },
  { file: "admin.units.invite.tsx",                               path: () => "/admin/units/invite",
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 200 },
    action: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 400 } },
  // The outbox; the organizer's post queues a test message to themself.
  { file: "admin.mail._index.tsx",                                path: () => "/admin/mail",
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 200 },
    action: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 302 } },
  // The organizer's own two-step login (TOTP): on and off with a current code.
  { file: "admin.security.tsx",                                   path: () => "/admin/security",
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 200 },
    action: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 400 } },
  // The audit log and its export: organizers only. No action: 405 (visitors go to /login first).
  { file: "admin.audit.tsx",                                      path: () => "/admin/audit",
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 200 },
    post:   { anonymous: 302, unitA: 405, unitB: 405, judgeAssigned: 405, judgeUnassigned: 405, organizer: 405 } },
  { file: "admin.audit[.]csv.ts",                                 path: () => "/admin/audit.csv",
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 200 } },
  // No action: 405, but a visitor is sent to /login first by the loader of the /admin layout.
  { file: "admin.mail.$messageId.tsx",                            path: (c) => `/admin/mail/${c.messageId}`,
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 200 },
    post:   { anonymous: 302, unitA: 405, unitB: 405, judgeAssigned: 405, judgeUnassigned: 405, organizer: 405 } },
  // Certificates: anyone with a verification code may check it and fetch the PDF (codes are
  // unguessable and lookups throttled); units download their own; organizers manage them.
  { file: "verify.$code.tsx",                                     path: (c) => `/verify/${c.certificateCode}`,
    loader: { anonymous: 200, unitA: 200, unitB: 200, judgeAssigned: 200, judgeUnassigned: 200, organizer: 200 } },
  { file: "certificates.$file.ts",                                path: (c) => `/certificates/${c.certificateCode}.pdf`,
    loader: { anonymous: 200, unitA: 200, unitB: 200, judgeAssigned: 200, judgeUnassigned: 200, organizer: 200 } },
  { file: "unit.certificates._index.tsx",                         path: () => "/unit/certificates",
    loader: { anonymous: 302, unitA: 200, unitB: 200, judgeAssigned: 403, judgeUnassigned: 403, organizer: 403 } },
  { file: "unit.certificates.$file.ts",                           path: (c) => `/unit/certificates/${c.certificateA}.pdf`,
    loader: { anonymous: 302, unitA: 200, unitB: 404, judgeAssigned: 403, judgeUnassigned: 403, organizer: 403 } },
  { file: "admin.editions.$editionId.certificates.tsx",           path: (c) => `/admin/editions/${c.pastEditionId}/certificates`,
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 200 },
    action: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 400 } },
  { file: "admin.editions.$editionId.certificates.preview.ts",    path: (c) => `/admin/editions/${c.pastEditionId}/certificates/preview`,
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 200 } },
  // No ZIP was built: the organizer gets 404 for a job that does not exist.
  { file: "admin.editions.$editionId.certificates.archive.$archiveId.ts", path: (c) => `/admin/editions/${c.pastEditionId}/certificates/archive/999999`,
    loader: { anonymous: 302, unitA: 403, unitB: 403, judgeAssigned: 403, judgeUnassigned: 403, organizer: 404 } },
];

/** The route files, as Remix's flat routes see them. */
function routeFiles(): string[] {
  return fs
    .readdirSync(path.resolve("app/routes"))
    .filter((f) => /\.(tsx?|jsx?)$/.test(f))
    .sort();
}

/**
 * The URL pattern of a flat-routes file name: dots separate segments (except inside [...], which
 * escapes), `$x` is the param :x, `_index` and `_layout` segments add nothing.
 */
function routePattern(file: string): string {
  const name = file.replace(/\.(tsx?|jsx?)$/, "");
  const segments = name
    .split(/\.(?![^[]*\])/)
    .filter((s) => !s.startsWith("_"))
    // A trailing "_" only keeps the route out of its parent's layout (login_.two-factor).
    .map((s) => (s.endsWith("_") ? s.slice(0, -1) : s))
    .map((s) => (s.startsWith("$") ? `:${s.slice(1)}` : s.replace(/\[([^\]]*)\]/g, "$1")));
  return `/${segments.join("/")}`;
}

function matchesPattern(url: string, pattern: string): boolean {
  const pathname = url.split("?")[0] ?? "";
  const source = pattern
    .split("/")
    .map((s) => (s.startsWith(":") ? "[^/]+" : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${source}$`).test(pathname);
}

describe("routePattern", () => {
  it("reads flat-routes names", () => {
    expect(routePattern("_index.tsx")).toBe("/");
    expect(routePattern("admin.editions.$editionId._index.tsx")).toBe("/admin/editions/:editionId");
    expect(routePattern("admin.editions.$editionId.assignments[.]csv.ts")).toBe(
      "/admin/editions/:editionId/assignments.csv",
    );
    expect(routePattern("login_.two-factor.tsx")).toBe("/login/two-factor");
  });
});

describe("the access matrix", () => {
  it("has exactly one row per route file", () => {
    const files = routeFiles();
    const rows = TABLE.map((r) => r.file);
    expect(
      rows.filter((f, i) => rows.indexOf(f) !== i),
      "rows for the same file twice",
    ).toEqual([]);
    expect(
      files.filter((f) => !rows.includes(f)),
      "route files without a row",
    ).toEqual([]);
    expect(
      rows.filter((f) => !files.includes(f)),
      "rows for files that do not exist",
    ).toEqual([]);
  });

  const getApp = testAppForFile();
  let ctx: Ctx;
  let clients: Record<Actor, Client>;
  let login: (actor: Actor) => Promise<Client>;

  beforeAll(async () => {
    const app = getApp();
    const demo = await withDemo(app);

    // Unit A: the unit of a submitted open-edition entry with an attachment.
    const [found] = await app.db
      .select({ entry: entries, attachmentId: attachments.id })
      .from(attachments)
      .innerJoin(entries, eq(entries.id, attachments.entryId))
      .where(and(eq(entries.editionId, demo.edition.id), eq(entries.status, "submitted")))
      .orderBy(attachments.id)
      .limit(1);
    if (!found) throw new Error("no demo attachment");
    const unitAId = found.entry.unitId;
    const unitUsers = await app.db
      .select({ email: users.email, unitId: users.unitId })
      .from(users)
      .where(and(eq(users.role, "unit"), isNotNull(users.unitId)))
      .orderBy(users.email);
    const local = (email: string) => email.replace(`@${DEMO_DOMAIN}`, "");
    const unitA = unitUsers.find((u) => u.unitId === unitAId);
    const unitB = unitUsers.find((u) => u.unitId !== unitAId);
    if (!unitA || !unitB) throw new Error("no demo unit users");
    const [accountA] = await app.db.select().from(accounts).where(eq(accounts.unitId, unitAId)).limit(1);
    if (!accountA) throw new Error("no account of unit A");

    const locals: Record<Exclude<Actor, "anonymous">, string> = {
      unitA: local(unitA.email),
      unitB: local(unitB.email),
      judgeAssigned: "judge1",
      judgeUnassigned: "judge2",
      organizer: "organizer",
    };
    login = async (actor) => (actor === "anonymous" ? app.client() : demo.login(locals[actor]));
    const signedIn = {} as Record<Actor, Client>;
    for (const actor of ACTORS) signedIn[actor] = await login(actor);
    clients = signedIn;

    const judge1 = await demo.login("judge1");
    const [assignment] = await app.db
      .insert(assignments)
      .values({ editionId: demo.edition.id, entryId: found.entry.id, judgeId: judge1.userId })
      .returning();
    if (!assignment) throw new Error("no assignment");
    const message = await enqueueMail(app.db, {
      template: "test-message",
      to: `organizer@${DEMO_DOMAIN}`,
      locale: "zh-CN",
      props: { name: "演示主办方管理员", sentAt: "2026-01-01 08:00", appUrl: app.url },
    });

    const [past] = await app.db
      .select()
      .from(editions)
      .where(eq(editions.slug, `demo-${demo.edition.year - 1}`));
    if (!past) throw new Error("no past demo edition");

    // A certificate of the published past edition, made unit A's for these rows.
    const [certificate] = await app.db
      .select()
      .from(certificates)
      .where(isNull(certificates.revokedAt))
      .orderBy(certificates.id)
      .limit(1);
    if (!certificate) throw new Error("no demo certificate");
    await app.db.update(certificates).set({ unitId: unitAId }).where(eq(certificates.id, certificate.id));

    ctx = {
      pastEditionId: certificate.editionId,
      certificateA: certificate.id,
      certificateCode: certificate.code,
      editionId: demo.edition.id,
      openSlug: demo.edition.slug,
      pastSlug: past.slug,
      categoryId: found.entry.categoryId,
      unitAId,
      entryA: found.entry.id,
      attachmentA: found.attachmentId,
      accountA: accountA.id,
      judge1Id: judge1.userId,
      assignment: assignment.id,
      messageId: message.id,
    };
  });

  it("has `action` exactly for the routes with an action", async () => {
    const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
    const withAction = (file: string) => {
      const route = build.routes[`routes/${file.replace(/\.(tsx?|jsx?)$/, "")}`];
      if (!route) throw new Error(`${file} is not in the build (run remix build)`);
      return typeof route.module.action === "function";
    };
    expect(TABLE.filter((r) => Boolean(r.action) !== withAction(r.file)).map((r) => r.file)).toEqual([]);
    expect(TABLE.filter((r) => r.action && r.post).map((r) => r.file)).toEqual([]);
  });

  it.each(TABLE.map((row) => [row.file, row] as const))("%s", async (_file, row) => {
    const url = row.path(ctx);
    expect(matchesPattern(url, routePattern(row.file)), `${url} is not ${routePattern(row.file)}`).toBe(true);

    const got: Record<string, Partial<Cells>> = { loader: {}, action: {} };
    for (const actor of ACTORS) {
      const res = await clients[actor].get(url);
      await res.body?.cancel();
      got.loader = { ...got.loader, [actor]: res.status };
    }
    for (const actor of ACTORS) {
      const client = row.action?.freshSession ? await login(actor) : clients[actor];
      const res = await client.post(url, row.action?.form?.(ctx) ?? {});
      await res.body?.cancel();
      got.action = { ...got.action, [actor]: res.status };
    }

    const expectedAction = Object.fromEntries(
      ACTORS.map((a) => [a, row.action ? row.action[a] : (row.post?.[a] ?? 405)]),
    );
    expect(got).toEqual({ loader: row.loader, action: expectedAction });
  });
});
