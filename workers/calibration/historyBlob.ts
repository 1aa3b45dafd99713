import type { History } from '../../sim/calibration/history.js';
import { HISTORY_LIMITS, HistoryError, HistoryReader, type ReadHistoryOptions } from '../../sim/calibration/readHistory.js';
import { csvEntry, isZip } from './zip.js';

/**
 * Reads a CSV export, or a .zip holding one, from a Blob/File (the browser's import page; also
 * Node 20.12+). Zips inflate through DecompressionStream('deflate-raw'), in chunks.
 */
export async function readHistoryBlob(
  blob: Blob,
  options: ReadHistoryOptions & { onProgress?: (fraction: number, rows: number) => void; shouldStop?: () => boolean },
): Promise<History> {
  const limit = options.maxChars ?? HISTORY_LIMITS.textChars;
  const mb = (n: number) => (n / 1e6).toFixed(1);
  const name = options.source ?? ('name' in blob ? String((blob as File).name) : 'history');
  if (blob.size > limit) throw new HistoryError(`${name} is ${mb(blob.size)} MB, over the ${mb(limit)} MB limit: export a shorter period`);
  const reader = new HistoryReader({ ...options, source: name });
  const head = new Uint8Array(await blob.slice(0, 4).arrayBuffer());
  let stream: ReadableStream<Uint8Array>;
  let total = blob.size;
  if (isZip(head)) {
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const entry = csvEntry(bytes);
    if (entry.uncompressedSize > limit) throw new HistoryError(`${name}: ${entry.name} inflates to ${mb(entry.uncompressedSize)} MB, over the ${mb(limit)} MB limit`);
    total = entry.uncompressedSize;
    const data = new Blob([bytes.slice(entry.dataOffset, entry.dataOffset + entry.compressedSize)]).stream();
    stream = entry.method === 8 ? data.pipeThrough(new DecompressionStream('deflate-raw' as CompressionFormat)) : data;
  } else {
    stream = blob.stream();
  }
  const decoder = new TextDecoder('utf-8');
  const chunks = stream.getReader();
  let read = 0;
  try {
    for (;;) {
      const { done, value } = await chunks.read();
      if (done) break;
      read += value.length;
      reader.push(decoder.decode(value, { stream: true }));
      options.onProgress?.(total > 0 ? Math.min(1, read / total) : 1, reader.rows);
      if (options.shouldStop?.()) throw new HistoryError('cancelled');
    }
  } finally {
    chunks.releaseLock();
  }
  reader.push(decoder.decode());
  return reader.finish();
}
