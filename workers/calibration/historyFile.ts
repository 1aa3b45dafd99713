import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import type { History } from '../../sim/calibration/history.js';
import { HISTORY_LIMITS, HistoryError, HistoryReader, type ReadHistoryOptions } from '../../sim/calibration/readHistory.js';
import { csvEntry, isZip } from './zip.js';

export interface ReadFileOptions extends ReadHistoryOptions {
  /** Called now and then with the share of the file read and the rows so far. */
  onProgress?: (fraction: number, rows: number) => void;
  /** Polled between chunks: true abandons the read. */
  shouldStop?: () => boolean;
}

const CHUNK = 1 << 20;

/**
 * Reads a CSV export, or a .zip holding one, from disk (Node). The size is checked before any
 * byte is parsed (the file's size, or the zip entry's stated size), and again while inflating in
 * case the zip lies about it, so an oversize file fails in milliseconds with a clear message.
 */
export async function readHistoryFile(path: string, options: ReadFileOptions): Promise<History> {
  const limit = options.maxChars ?? HISTORY_LIMITS.textChars;
  const mb = (n: number) => (n / 1e6).toFixed(1);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (e) {
    throw new HistoryError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const reader = new HistoryReader({ ...options, source: options.source ?? basename(path) });
  const head = Buffer.alloc(4);
  const fd = await open(path, 'r');
  try {
    await fd.read(head, 0, 4, 0);
  } finally {
    await fd.close();
  }
  let source: Readable;
  let total: number;
  if (isZip(head)) {
    if (size > limit) throw new HistoryError(`${basename(path)} is ${mb(size)} MB, over the ${mb(limit)} MB limit: export a shorter period, or raise the limit (--max-mb)`);
    const bytes = new Uint8Array(await readFile(path));
    const entry = csvEntry(bytes);
    if (entry.uncompressedSize > limit) {
      throw new HistoryError(
        `${basename(path)}: ${entry.name} inflates to ${mb(entry.uncompressedSize)} MB, over the ${mb(limit)} MB limit: export a shorter period, or raise the limit (--max-mb)`,
      );
    }
    total = entry.uncompressedSize;
    const data = Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset + entry.dataOffset, entry.compressedSize)]);
    source = entry.method === 8 ? data.pipe(createInflateRaw({ chunkSize: CHUNK })) : data;
  } else {
    if (size > limit) throw new HistoryError(`${basename(path)} is ${mb(size)} MB, over the ${mb(limit)} MB limit: export a shorter period, or raise the limit (--max-mb)`);
    total = size;
    source = createReadStream(path, { highWaterMark: CHUNK });
  }
  const decoder = new TextDecoder('utf-8');
  let read = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      read += chunk.length;
      reader.push(decoder.decode(chunk, { stream: true }));
      options.onProgress?.(total > 0 ? Math.min(1, read / total) : 1, reader.rows);
      if (options.shouldStop?.()) throw new HistoryError('cancelled');
    }
  } finally {
    source.destroy();
  }
  reader.push(decoder.decode());
  return reader.finish();
}
