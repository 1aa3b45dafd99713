/**
 * The one CSV inside a .zip export, located from the zip's central directory (pure TypeScript:
 * no Node or DOM APIs, so the CLI and the app share it). Inflating is the platform's job
 * (zlib.inflateRaw in Node, DecompressionStream('deflate-raw') in browsers): see historyFile.ts
 * and historyBlob.ts.
 */

export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflate. */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Offset of the entry's data (after its local header) in the zip. */
  dataOffset: number;
}

export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipError';
  }
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Every file entry of the zip, from its central directory. */
export function zipEntries(bytes: Uint8Array): ZipEntry[] {
  const v = view(bytes);
  // The end-of-central-directory record sits in the last 22 bytes plus a comment of up to 64 KiB.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (v.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('not a readable zip file: its central directory is missing (truncated download?)');
  const count = v.getUint16(eocd + 10, true);
  let at = v.getUint32(eocd + 16, true);
  if (at === 0xffffffff) throw new ZipError('zip64 archives are not supported: unzip the file and read the CSV');
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  for (let k = 0; k < count; k++) {
    if (at + 46 > bytes.length || v.getUint32(at, true) !== CENTRAL) throw new ZipError('not a readable zip file: its central directory is damaged');
    const method = v.getUint16(at + 10, true);
    const compressedSize = v.getUint32(at + 20, true);
    const uncompressedSize = v.getUint32(at + 24, true);
    const nameLength = v.getUint16(at + 28, true);
    const extraLength = v.getUint16(at + 30, true);
    const commentLength = v.getUint16(at + 32, true);
    const localOffset = v.getUint32(at + 42, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue;
    if (localOffset + 30 > bytes.length || v.getUint32(localOffset, true) !== LOCAL) throw new ZipError(`zip entry ${JSON.stringify(name)}: its local header is damaged`);
    const dataOffset = localOffset + 30 + v.getUint16(localOffset + 26, true) + v.getUint16(localOffset + 28, true);
    entries.push({ name, method, compressedSize, uncompressedSize, dataOffset });
  }
  return entries;
}

/** The export inside: the only entry that is not macOS metadata (__MACOSX/, ._name), preferring .csv files. */
export function csvEntry(bytes: Uint8Array): ZipEntry {
  const entries = zipEntries(bytes).filter((e) => !e.name.startsWith('__MACOSX/') && !/(^|\/)\._/.test(e.name));
  const csv = entries.filter((e) => /\.(csv|txt)$/i.test(e.name));
  const candidates = csv.length > 0 ? csv : entries;
  if (candidates.length === 0) throw new ZipError('the zip holds no file');
  if (candidates.length > 1) {
    throw new ZipError(`the zip holds ${candidates.length} files (${candidates.map((e) => e.name).join(', ')}): expected one CSV export; unzip it and read the one you mean`);
  }
  const entry = candidates[0];
  if (entry.method !== 0 && entry.method !== 8) throw new ZipError(`zip entry ${JSON.stringify(entry.name)} uses compression method ${entry.method}: expected deflate (8) or stored (0)`);
  if (entry.dataOffset + entry.compressedSize > bytes.length) throw new ZipError(`zip entry ${JSON.stringify(entry.name)} is cut short (truncated download?)`);
  return entry;
}
