import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type FileStorage,
  InvalidStorageKeyError,
  isValidStorageKey,
  localDiskStorage,
  newStorageKey,
} from "~/modules/storage/storage.server";
import { filesUnder } from "./samples";

let dir: string;
let storage: FileStorage;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "pingxuan-storage-"));
  storage = localDiskStorage(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("local disk storage", () => {
  it("puts, stats, reads whole and in ranges, and deletes", async () => {
    const key = newStorageKey(new Date("2026-11-23T10:00:00Z"));
    expect(key).toMatch(/^2026\/11\/[0-9a-f-]{36}$/);
    expect(await storage.put(key, Readable.from([Buffer.from("hello "), Buffer.from("world")]))).toEqual({
      size: 11,
    });
    expect(await storage.stat(key)).toEqual({ size: 11 });
    expect(await text(storage.read(key))).toBe("hello world");
    expect(await text(storage.read(key, { start: 6, end: 10 }))).toBe("world");
    expect(filesUnder(dir)).toEqual([path.join("2026", "11", key.split("/")[2] as string)]);
    await storage.delete(key);
    expect(await storage.stat(key)).toBeNull();
    await storage.delete(key); // deleting twice is fine
  });

  it("leaves nothing behind when the source fails part-way", async () => {
    async function* failing() {
      yield Buffer.alloc(100_000, 1);
      throw new Error("client went away");
    }
    await expect(storage.put("2026/11/broken", failing())).rejects.toThrow("client went away");
    expect(filesUnder(dir)).toEqual([]);
    expect(await storage.stat("2026/11/broken")).toBeNull();
  });

  it("refuses keys that could leave its directory", async () => {
    for (const key of [
      "../x",
      "/etc/passwd",
      "a/../../b",
      "a/./b",
      "a.b",
      "",
      "a//b",
      "a\\b",
      "a/b/c/d/e",
      "%2e%2e",
    ]) {
      expect(isValidStorageKey(key), key).toBe(false);
      await expect(storage.stat(key), key).rejects.toBeInstanceOf(InvalidStorageKeyError);
      expect(() => storage.read(key), key).toThrow(InvalidStorageKeyError);
      await expect(storage.put(key, Readable.from([Buffer.from("x")])), key).rejects.toBeInstanceOf(
        InvalidStorageKeyError,
      );
    }
    expect(filesUnder(dir)).toEqual([]);
  });
});
