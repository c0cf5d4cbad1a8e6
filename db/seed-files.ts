import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import type { FileStorage } from "../app/modules/storage/storage.server";
import { receiveUpload } from "../app/modules/storage/upload.server";
import type { Db } from "./client.server";
import { attachments } from "./schema";
import { placeholderPng } from "./seed-assets/placeholder";
import type { SeededEntry } from "./seed-entries";

const COLOURS: [number, number, number][] = [
  [185, 28, 28],
  [29, 78, 216],
  [21, 128, 61],
  [180, 83, 9],
  [109, 40, 217],
];

/** Stores the demo's placeholder images and short video through the real upload path. */
export async function attachDemoFiles(db: Db, storage: FileStorage, seeded: SeededEntry[]): Promise<void> {
  const video = fs.readFileSync(path.resolve("db/seed-assets/demo-video.mp4"));
  let n = 0;
  for (const { id, spec, createdBy } of seeded) {
    for (const [i, kind] of (spec.files ?? []).entries()) {
      const bytes =
        kind === "video" ? video : placeholderPng(480, 270, COLOURS[n++ % COLOURS.length] ?? [0, 0, 0]);
      const name = kind === "video" ? `${spec.title.slice(0, 12)}.mp4` : `配图${i + 1}.png`;
      const stored = await receiveUpload(Readable.from([bytes]), {
        maxBytes: 10 * 1024 * 1024,
        allowedKinds: ["image", "video"],
        storage,
        fileName: name,
      });
      await db.insert(attachments).values({
        entryId: id,
        kind: stored.kind,
        storageKey: stored.storageKey,
        originalName: name,
        contentType: stored.contentType,
        size: stored.size,
        sha256: stored.sha256,
        createdBy,
      });
    }
  }
}
