import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { env } from "~/env.server";
import type { ByteRange } from "./range";

/**
 * Where attachment bytes live. Callers only see keys; the local disk is the default and an
 * S3-compatible store can implement the same four methods (see docs/decisions/007-file-storage.md).
 */
export interface FileStorage {
  /**
   * Stores the bytes under key, streaming them (never holding the file in memory). The file
   * appears under key only when the whole source was written; if the source throws, nothing is
   * left behind and put rejects with that error. An existing file under key is replaced.
   */
  put(key: string, source: Readable | AsyncIterable<Uint8Array>): Promise<{ size: number }>;
  /** The bytes of key, or of an inclusive range of them. The stream errors if key does not exist. */
  read(key: string, range?: ByteRange): Readable;
  /** The size of key, or null when there is no such file. */
  stat(key: string): Promise<{ size: number } | null>;
  /** Removes key; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
}

export class InvalidStorageKeyError extends Error {
  constructor(key: string) {
    super(`Invalid storage key: ${JSON.stringify(key.slice(0, 200))}`);
    this.name = "InvalidStorageKeyError";
  }
}

/**
 * Keys are 1–4 segments of letters, digits, "_" and "-" separated by "/": no dots, so neither
 * "..", nor an absolute path, nor the ".part" name of an upload in progress can be named.
 */
const KEY_PATTERN = /^[A-Za-z0-9_-]{1,128}(?:\/[A-Za-z0-9_-]{1,128}){0,3}$/;

export function isValidStorageKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/** A new key such as `2026/11/3f2b…` (a directory per month keeps directories small). */
export function newStorageKey(now: Date = new Date()): string {
  const year = String(now.getUTCFullYear());
  const month = String(now.getUTCMonth() + 1).padStart(2, "0");
  return `${year}/${month}/${randomUUID()}`;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === "ENOENT";
}

/** Files on the local disk under root (by default `$DATA_DIR/files`). */
export function localDiskStorage(root: string): FileStorage {
  const base = path.resolve(root);

  function filePath(key: string): string {
    if (!isValidStorageKey(key)) throw new InvalidStorageKeyError(key);
    const full = path.resolve(base, ...key.split("/"));
    // The pattern already rules out traversal; this is the second lock on the same door.
    if (!full.startsWith(base + path.sep)) throw new InvalidStorageKeyError(key);
    return full;
  }

  return {
    async put(key, source) {
      const target = filePath(key);
      await mkdir(path.dirname(target), { recursive: true });
      const temp = `${target}.${randomUUID()}.part`;
      // flush: fsync before close, so a file renamed into place survives a crash whole.
      const out = createWriteStream(temp, { flags: "wx", flush: true });
      let size = 0;
      try {
        await pipeline(
          source,
          async function* count(chunks: AsyncIterable<Uint8Array>) {
            for await (const chunk of chunks) {
              size += chunk.byteLength;
              yield chunk;
            }
          },
          out,
        );
        await rename(temp, target);
      } catch (error) {
        // The file may still be opening when the source fails: remove it once it is closed.
        if (!out.closed) await new Promise<void>((resolve) => out.once("close", () => resolve()));
        await rm(temp, { force: true });
        throw error;
      }
      return { size };
    },

    read(key, range) {
      const file = filePath(key);
      return range ? createReadStream(file, { start: range.start, end: range.end }) : createReadStream(file);
    },

    async stat(key) {
      try {
        const s = await stat(filePath(key));
        return s.isFile() ? { size: s.size } : null;
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },

    async delete(key) {
      await rm(filePath(key), { force: true });
    },
  };
}

let configured: FileStorage | undefined;

/** The storage of this process: the local disk under `$DATA_DIR/files`. */
export function fileStorage(): FileStorage {
  configured ??= localDiskStorage(path.join(env().dataDir, "files"));
  return configured;
}

/** A small stored file read whole into memory (a seal image, say); stream anything large. */
export async function readStoredBytes(
  key: string,
  storage: FileStorage = fileStorage(),
): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of storage.read(key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
