import { parseScenario } from '../scenarios/parse.js';
import { LIMITS } from '../scenarios/schema.js';

/**
 * Share links: a scenario carried in the URL's fragment as `#/share/<payload>`, where the payload is
 * base64url (no padding) of the deflate-raw compressed JSON text. The fragment never reaches a
 * server. A link from someone else is untrusted: `decodeShare` bounds the link's length and the
 * unpacked size (it stops inflating as soon as the size is over the limit, so a "zip bomb" costs
 * little), and validates the scenario before handing it back.
 *
 * CompressionStream/DecompressionStream are globals in browsers and in Node >= 18.
 */

export const SHARE_PREFIX = '#/share/';
/** The longest payload (the characters after SHARE_PREFIX) accepted. */
export const MAX_SHARE_CHARS = 200_000;

export type DecodeResult = { ok: true; raw: unknown } | { ok: false; message: string };

/** Errors listed in the message of an invalid scenario. */
const ERRORS_SHOWN = 3;

/**
 * `#/share/` + base64url(deflate-raw(JSON text of raw)). Rejects (throws) when raw is not a JSON
 * value or the link would be longer than decodeShare accepts.
 */
export async function encodeShare(raw: unknown): Promise<string> {
  const text = JSON.stringify(raw);
  if (text === undefined) throw new Error('Cannot share: the scenario is empty.');
  const bytes = new TextEncoder().encode(text);
  if (bytes.length > LIMITS.fileBytes) {
    throw new Error(`Cannot share: the scenario is ${fmt(bytes.length)} bytes; a shared scenario can be at most ${fmt(LIMITS.fileBytes)}.`);
  }
  const payload = toBase64Url(await deflateRaw(bytes));
  if (payload.length > MAX_SHARE_CHARS) {
    throw new Error(
      `Cannot share: the link would be ${fmt(payload.length)} characters long, over the ${fmt(MAX_SHARE_CHARS)} a link can carry; export the scenario as a file instead.`,
    );
  }
  return SHARE_PREFIX + payload;
}

/**
 * The raw scenario JSON of a share link (a `location.hash`, or a whole URL containing one), exactly
 * as encoded. Never throws: anything wrong gives a one-sentence message for the user.
 */
export async function decodeShare(hash: string): Promise<DecodeResult> {
  try {
    return await decode(hash);
  } catch (e) {
    // Not expected: every step below handles its own failures.
    return fail(`This share link could not be opened: ${e instanceof Error ? e.message : String(e)}.`);
  }
}

async function decode(hash: string): Promise<DecodeResult> {
  if (typeof hash !== 'string') return fail('This is not a supportsim share link.');
  const at = hash.indexOf(SHARE_PREFIX);
  if (at < 0) return fail(`This is not a supportsim share link: a share link contains "${SHARE_PREFIX}" followed by the scenario.`);
  const payload = hash.slice(at + SHARE_PREFIX.length).trim();
  if (payload.length > MAX_SHARE_CHARS) {
    return fail(`This share link is too long: it is ${fmt(payload.length)} characters and the limit is ${fmt(MAX_SHARE_CHARS)}.`);
  }
  if (payload === '') return fail('This share link is damaged: it carries no scenario (nothing follows "#/share/").');
  const compressed = fromBase64Url(payload);
  if (compressed === null) {
    return fail('This share link is damaged: it contains characters that do not belong in a share link, perhaps it was cut or changed when copied.');
  }
  const inflated = await inflateRawBounded(compressed, LIMITS.fileBytes);
  if (inflated.kind === 'error') {
    return fail('This share link is damaged: its contents could not be unpacked, perhaps it was cut short when copied.');
  }
  if (inflated.kind === 'too-large') {
    return fail(`This share link is too large: its scenario unpacks to more than ${fmt(LIMITS.fileBytes)} bytes, the most a scenario can be.`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(inflated.bytes);
  } catch {
    return fail('This share link is damaged: its contents are not text.');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail('This share link is damaged: its contents are not a scenario file (not valid JSON).');
  }
  const parsed = parseScenario(raw);
  if (!parsed.ok) {
    const shown = parsed.errors.slice(0, ERRORS_SHOWN).join('; ');
    const more = parsed.errors.length - ERRORS_SHOWN;
    return fail(`This share link holds a scenario that is not valid: ${shown}${more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : ''}.`);
  }
  return { ok: true, raw };
}

function fail(message: string): DecodeResult {
  return { ok: false, message };
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

async function deflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

type Inflated = { kind: 'ok'; bytes: Uint8Array } | { kind: 'too-large' } | { kind: 'error' };

/**
 * Inflate deflate-raw data, reading the output chunk by chunk and giving up as soon as it exceeds
 * `limit` bytes: the output is never held beyond the limit plus one chunk.
 */
async function inflateRawBounded(compressed: Uint8Array, limit: number): Promise<Inflated> {
  let ds: DecompressionStream;
  try {
    ds = new DecompressionStream('deflate-raw');
  } catch {
    return { kind: 'error' };
  }
  const writer = ds.writable.getWriter();
  const reader = ds.readable.getReader();
  // Written without awaiting: the write only completes as the output is read. Its failures show up
  // on the reader too, so they are swallowed here (no unhandled rejections).
  writer
    .write(compressed as Uint8Array<ArrayBuffer>)
    .then(() => writer.close())
    .catch(() => undefined);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => undefined);
        await writer.abort().catch(() => undefined);
        return { kind: 'too-large' };
      }
      chunks.push(value);
    }
  } catch {
    await writer.abort().catch(() => undefined);
    return { kind: 'error' };
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return { kind: 'ok', bytes: out };
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) {
    binary += String.fromCharCode(...bytes.subarray(i, i + step));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Bytes of base64url text (padding optional), or null when it is not base64url. */
function fromBase64Url(text: string): Uint8Array | null {
  const body = text.replace(/={1,2}$/, '');
  if (!/^[A-Za-z0-9_-]*$/.test(body) || body.length % 4 === 1) return null;
  let binary: string;
  try {
    binary = atob(body.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (body.length % 4)) % 4));
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
