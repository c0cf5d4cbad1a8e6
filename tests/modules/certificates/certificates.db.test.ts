import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, certificateArchives, certificates, editions, throttleEvents, users } from "#db/schema";
import { buildNextArchive, requestArchive } from "~/modules/certificates/archive.server";
import { demoSealPng } from "~/modules/certificates/seal.server";
import { publishCorrection } from "~/modules/results/publish.server";
import { fileStorage } from "~/modules/storage/storage.server";
import { type TestApp, testAppForFile } from "../../support/app";
import { withDemo } from "../../support/demo";
import { requireTool } from "../../support/system-tools";

const tools =
  requireTool("pdftotext", "poppler-utils") &&
  requireTool("pdftoppm", "poppler-utils") &&
  requireTool("zbarimg", "zbar-tools");

const testApp = testAppForFile();
let app: TestApp;
let demo: Awaited<ReturnType<typeof withDemo>>;
let pastId: number;

beforeAll(async () => {
  app = testApp();
  demo = await withDemo(app);
  const [past] = await app.db
    .select()
    .from(editions)
    .where(eq(editions.slug, `demo-${demo.edition.year - 1}`));
  pastId = past?.id ?? 0;
});

async function valid() {
  return app.db
    .select()
    .from(certificates)
    .where(and(eq(certificates.editionId, pastId), isNull(certificates.revokedAt)))
    .orderBy(certificates.number);
}

/** A real 8×8 RGB PNG: no alpha channel, no transparency chunk. */
function opaquePng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(8, 0);
  ihdr.writeUInt32BE(8, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc(8 * (1 + 8 * 3), 0xff);
  for (let y = 0; y < 8; y++) rows[y * 25] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zlib.deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A demo unit login ("unit3") for a unit id. */
async function unitLogin(unitId: number) {
  const [user] = await app.db.select().from(users).where(eq(users.unitId, unitId));
  return demo.login(user?.email.split("@")[0] ?? "");
}

describe("certificates issued with the final list", () => {
  it("gives every award of the published demo edition a numbered certificate", async () => {
    const list = await valid();
    expect(list).toHaveLength(12);
    expect(list[0]?.number).toMatch(new RegExp(`^PX-${demo.edition.year - 1}-[A-Z]+-\\d{3}$`));
    expect(new Set(list.map((c) => c.code)).size).toBe(12);
    expect(list.every((c) => c.code.length >= 20)).toBe(true);
  });

  it("verifies a valid code in Chinese and English, and serves its PDF", async () => {
    const [c] = await valid();
    const page = await app.client().get(`/verify/${c?.code}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("该证书真实有效");
    expect(html).toContain("This certificate is genuine and valid");
    expect(html).toContain(c?.unitName);
    expect(html).toContain(c?.number);
    const pdf = await app.client().get(`/certificates/${c?.code}.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe("%PDF-");
  });

  it("answers 404 for an unknown code and stops an address that keeps guessing", async () => {
    // Every test request comes from 127.0.0.1.
    const unknown = await app.client().get("/verify/ABCDEFGHJKLMNPQRSTUVWXYZ23");
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("没有找到该验证码对应的证书");
    for (let i = 0; i < 20; i++) await app.client().get(`/verify/NOPE${i}`);
    const [c] = await valid();
    expect((await app.client().get(`/verify/${c?.code}`)).status).toBe(429);
    expect((await app.client().get(`/certificates/${c?.code}.pdf`)).status).toBe(429);
    // The window passes (here: the events are cleared) and the address is let in again.
    await app.db.delete(throttleEvents);
    expect((await app.client().get(`/verify/${c?.code}`)).status).toBe(200);
  });

  it("lets a unit download its own certificates and not another unit's", async () => {
    const list = await valid();
    const mine = list[0];
    const other = list.find((c) => c.unitId !== mine?.unitId);
    const unit = await unitLogin(mine?.unitId ?? 0);
    const page = await unit.get("/unit/certificates");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(mine?.number);
    expect((await unit.get(`/unit/certificates/${mine?.id}.pdf`)).status).toBe(200);
    expect((await unit.get(`/unit/certificates/${other?.id}.pdf`)).status).toBe(404);
    expect((await app.client().get(`/unit/certificates/${mine?.id}.pdf`)).status).toBe(302);
  });

  it("revokes with a written reason only, shows it on the verify page, and reissues", async () => {
    const organizer = await demo.login("organizer");
    const [c] = await valid();
    const empty = await organizer.post(`/admin/editions/${pastId}/certificates`, {
      intent: "revoke",
      certificateId: String(c?.id),
      reason: "  ",
    });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("请填写撤销原因");
    for (const [reason, message] of [
      ["停用\u0000证书", "不能包含控制字符"],
      ["长".repeat(1001), "1000"],
    ] as const) {
      const bad = await organizer.post(`/admin/editions/${pastId}/certificates`, {
        intent: "revoke",
        certificateId: String(c?.id),
        reason,
      });
      expect(bad.status).toBe(400);
      expect(await bad.text()).toContain(message);
    }
    expect((await valid()).some((x) => x.id === c?.id)).toBe(true);

    const revoked = await organizer.post(`/admin/editions/${pastId}/certificates`, {
      intent: "revoke",
      certificateId: String(c?.id),
      reason: "获奖单位名称有误",
    });
    expect(revoked.status).toBe(302);
    const verify = await (await app.client().get(`/verify/${c?.code}`)).text();
    expect(verify).toContain("该证书已于");
    expect(verify).toContain("获奖单位名称有误");
    expect((await app.client().get(`/certificates/${c?.code}.pdf`)).status).toBe(410);

    const reissued = await organizer.post(`/admin/editions/${pastId}/certificates`, {
      intent: "reissue",
      certificateId: String(c?.id),
    });
    expect(reissued.status).toBe(302);
    const now = await valid();
    expect(now).toHaveLength(12);
    const fresh = now.find((x) => x.entryId === c?.entryId);
    expect(fresh?.number).not.toBe(c?.number);
    expect(await (await app.client().get(`/verify/${c?.code}`)).text()).toContain(fresh?.number);
    const actions = await app.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.editionId, pastId));
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(["certificate.issue", "certificate.revoke", "certificate.reissue"]),
    );
  });

  it("revokes the certificate of an award removed by a correction", async () => {
    const [organizer] = await app.db.select().from(users).where(eq(users.role, "organizer"));
    const [c] = await valid();
    await publishCorrection({ id: organizer?.id ?? "", ip: "127.0.0.1" }, pastId, {
      entryId: c?.entryId ?? 0,
      tierId: null,
      reason: "更正：撤销该案例的奖项",
    });
    const [after] = await app.db
      .select()
      .from(certificates)
      .where(eq(certificates.id, c?.id ?? 0));
    expect(after?.revokedAt).not.toBeNull();
    expect(after?.revokeReason).toBe("更正：撤销该案例的奖项");
    expect(await valid()).toHaveLength(11);
  });

  it("builds every valid certificate into one ZIP in the background, with progress", async () => {
    const [organizer] = await app.db.select().from(users).where(eq(users.role, "organizer"));
    const job = await requestArchive({ id: organizer?.id ?? "", ip: "127.0.0.1" }, pastId);
    expect(job.status).toBe("queued");
    expect(job.total).toBe(11);
    expect(await buildNextArchive()).toBe(job.id);
    const [done] = await app.db.select().from(certificateArchives).where(eq(certificateArchives.id, job.id));
    expect(done?.status).toBe("done");
    expect(done?.done).toBe(11);
    // The ZIP's end-of-central-directory record counts its entries.
    const chunks: Buffer[] = [];
    for await (const chunk of fileStorage().read(done?.storageKey ?? "")) chunks.push(chunk as Buffer);
    const zip = Buffer.concat(chunks);
    const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    expect(zip.readUInt16LE(eocd + 10)).toBe(11);
    const client = await demo.login("organizer");
    const download = await client.get(`/admin/editions/${pastId}/certificates/archive/${job.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/zip");
    expect(Buffer.from(await download.arrayBuffer()).equals(zip)).toBe(true);
  });

  it.skipIf(!tools)(
    "serves a PDF whose text and QR code name the certificate and its verify page",
    async () => {
      const [c] = await valid();
      const res = await app.client().get(`/certificates/${c?.code}.pdf`);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pingxuan-cert-"));
      const pdf = path.join(dir, "c.pdf");
      fs.writeFileSync(pdf, Buffer.from(await res.arrayBuffer()));
      const text = spawnSync("pdftotext", [pdf, "-"], { encoding: "utf8" }).stdout.replace(/\s+/g, "");
      expect(text).toContain(c?.unitName.replace(/\s+/g, ""));
      expect(text).toContain(c?.number);
      expect(text).toContain(c?.tierName);
      expect(
        spawnSync("pdftoppm", ["-r", "150", "-png", "-singlefile", pdf, path.join(dir, "c")]).status,
      ).toBe(0);
      const scan = spawnSync("zbarimg", ["--quiet", "--raw", path.join(dir, "c.png")], { encoding: "utf8" });
      expect(scan.stdout.trim()).toMatch(new RegExp(`^https?://[^/]+/verify/${c?.code}$`));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  );

  it("takes the organizers' seal only as a PNG with transparency, and keeps the old one otherwise", async () => {
    const organizer = await demo.login("organizer");
    const upload = (bytes: Uint8Array, name: string, type: string) => {
      const form = new FormData();
      form.set("seal", new Blob([new Uint8Array(bytes)], { type }), name);
      return organizer.postMultipart(`/admin/editions/${pastId}/certificates`, form);
    };
    const opaque = await upload(opaquePng(), "seal.png", "image/png");
    expect(opaque.status).toBe(400);
    expect(await opaque.text()).toContain("公章图片需要透明背景");
    const jpeg = await upload(
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...new Array(200).fill(1)]),
      "seal.jpg",
      "image/jpeg",
    );
    expect(jpeg.status).toBe(400);
    const [before] = await app.db.select().from(editions).where(eq(editions.id, pastId));
    expect(before?.sealStorageKey).toBeNull();

    const good = await upload(demoSealPng(), "seal.png", "image/png");
    expect(good.status).toBe(200);
    expect(await good.text()).toContain("公章已保存");
    const [after] = await app.db.select().from(editions).where(eq(editions.id, pastId));
    expect(after?.sealStorageKey).toBeTruthy();
    const preview = await organizer.get(`/admin/editions/${pastId}/certificates/preview`);
    expect(preview.status).toBe(200);
    expect(preview.headers.get("content-type")).toBe("application/pdf");
  });
});
