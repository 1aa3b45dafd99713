import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createDeflateRaw, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenarios/parse.js';
import { LIMITS } from '../scenarios/schema.js';
import { BUNDLED } from '../ui/bundled.js';
import { decodeShare, encodeShare, MAX_SHARE_CHARS, SHARE_PREFIX } from '../ui/share.js';

/**
 * Share links: every bundled scenario survives the trip through a link unchanged, and a link from
 * outside, however broken or hostile, gives a message instead of a throw, a hang or a huge buffer.
 * Test payloads are built with node:zlib, an encoder independent of the one under test.
 */

const link = (bytes: Uint8Array): string => SHARE_PREFIX + Buffer.from(bytes).toString('base64url');
const linkOfText = (text: string): string => link(deflateRawSync(Buffer.from(text, 'utf8')));

async function failure(hash: string): Promise<string> {
  const result = await decodeShare(hash);
  if (result.ok) throw new Error(`expected ${hash.slice(0, 40)}... to be rejected`);
  return result.message;
}

/** A message a user reads: one sentence, no stack trace or internal error name. */
function expectOneSentence(message: string): void {
  expect(message).toMatch(/^This (share link|is not a supportsim share link)/);
  expect(message).toMatch(/\.$/);
  expect(message).not.toMatch(/\n|TypeError|Error:|undefined/);
}

describe('round trip', () => {
  it.each(BUNDLED.map((b) => [b.id, b.raw] as const))('%s decodes to exactly what was encoded', async (_id, raw) => {
    const hash = await encodeShare(raw);
    expect(hash.startsWith(SHARE_PREFIX)).toBe(true);
    expect(hash.slice(SHARE_PREFIX.length)).toMatch(/^[A-Za-z0-9_-]+$/);
    const result = await decodeShare(hash);
    expect(result).toEqual({ ok: true, raw });
  });

  it('keeps seed-defaults short enough to paste (length reported)', async () => {
    const raw = BUNDLED.find((b) => b.id === 'bundled:seed-defaults')!.raw;
    const hash = await encodeShare(raw);
    const json = JSON.stringify(raw).length;
    console.log(`seed-defaults share link: ${hash.length} characters (compact JSON ${json}, pretty file ${readFileSync('scenarios/seed-defaults.json', 'utf8').length})`);
    expect(hash.length).toBeLessThan(json / 2);
    expect(hash.length).toBeLessThan(8_000);
  });

  it('reads a link compressed by another deflate implementation, and accepts a full URL', async () => {
    const raw = BUNDLED[1].raw;
    const hash = linkOfText(JSON.stringify(raw, null, 2));
    expect(await decodeShare(hash)).toEqual({ ok: true, raw });
    expect(await decodeShare(`https://example.test/supportsim/${hash}`)).toEqual({ ok: true, raw });
  });

  it('refuses to encode what it could not decode', async () => {
    await expect(encodeShare(undefined)).rejects.toThrow(/empty/);
    // Incompressible text over the link limit (but under the size limit).
    const noise = randomBytes(225_000).toString('base64');
    const error = await encodeShare({ version: 1, name: 'x', description: noise }).then(
      () => 'encoded',
      (e: Error) => e.message,
    );
    expect(error).toMatch(/^Cannot share: the link would be [\d,]+ characters long, over the 200,000 a link can carry; export the scenario as a file instead\.$/);
  });
});

describe('rejected links', () => {
  it('not a share link', async () => {
    for (const hash of ['', '#', '#/editor', 'hello', '#/shared/abc']) {
      const message = await failure(hash);
      expectOneSentence(message);
      expect(message).toMatch(/not a supportsim share link/);
    }
  });

  it('empty payload', async () => {
    expect(await failure(SHARE_PREFIX)).toMatch(/damaged: it carries no scenario/);
  });

  it('bad base64url', async () => {
    for (const payload of ['abc$def', 'ab cd', 'abcd+/==', 'a', 'abcde', '%41%42']) {
      const message = await failure(SHARE_PREFIX + payload);
      expectOneSentence(message);
      expect(message).toMatch(/damaged: it contains characters that do not belong/);
    }
  });

  it('longer than MAX_SHARE_CHARS, before any decoding', async () => {
    const message = await failure(SHARE_PREFIX + 'A'.repeat(MAX_SHARE_CHARS + 1));
    expectOneSentence(message);
    expect(message).toBe('This share link is too long: it is 200,001 characters and the limit is 200,000.');
  });

  it('a decompression error: not deflate data, or cut short', async () => {
    const garbage = await failure(link(new Uint8Array([0xff, 0xfe, 0xfd, 0xfc, 0x00, 0x11, 0x22, 0x33])));
    expectOneSentence(garbage);
    expect(garbage).toMatch(/damaged: its contents could not be unpacked/);
    const whole = await encodeShare(BUNDLED[0].raw);
    const half = Math.floor((whole.length - SHARE_PREFIX.length) / 8) * 4;
    const cut = await failure(whole.slice(0, SHARE_PREFIX.length + half));
    expect(cut).toMatch(/damaged: its contents could not be unpacked/);
  });

  it('unpacked bytes that are not UTF-8 text', async () => {
    const message = await failure(link(deflateRawSync(Buffer.from([0x7b, 0xc3, 0x28, 0xff, 0x7d]))));
    expectOneSentence(message);
    expect(message).toMatch(/damaged: its contents are not text/);
  });

  it('not JSON', async () => {
    for (const text of ['hello', '{"version": 1,', '']) {
      const message = await failure(linkOfText(text));
      expectOneSentence(message);
      expect(message).toMatch(/not valid JSON/);
    }
  });

  it('not a valid scenario: the message lists the first few errors', async () => {
    const one = await failure(linkOfText(JSON.stringify({ ...(BUNDLED[0].raw as object), horizonDays: -1 })));
    expectOneSentence(one);
    expect(one).toMatch(/^This share link holds a scenario that is not valid: horizonDays: expected a number > 0, got -1\.$/);
    const many = await failure(linkOfText(JSON.stringify({ version: 1, name: '!', horizonDays: 'x', replications: -1, seed: 'y', bogus: 1 })));
    expectOneSentence(many);
    const errors = parseScenario(JSON.parse(JSON.stringify({ version: 1, name: '!', horizonDays: 'x', replications: -1, seed: 'y', bogus: 1 })));
    expect(errors.ok).toBe(false);
    if (!errors.ok) {
      expect(errors.errors.length).toBeGreaterThan(3);
      expect(many).toContain(errors.errors.slice(0, 3).join('; '));
      expect(many).not.toContain(errors.errors[3]);
      expect(many).toMatch(new RegExp(`\\(and ${errors.errors.length - 3} more problems?\\)\\.$`));
    }
    expect(await failure(linkOfText('[1, 2]'))).toMatch(/not valid: \(top level\)/);
  });

  it('a zip bomb (150 MB of spaces) is rejected quickly, without inflating it', async () => {
    // Built by streaming 1 MB at a time, so the test itself never holds the 150 MB.
    const deflate = createDeflateRaw({ level: 9 });
    const parts: Buffer[] = [];
    deflate.on('data', (b: Buffer) => parts.push(b));
    const ended = new Promise((resolve) => deflate.on('end', resolve));
    const mb = Buffer.alloc(1_000_000, 0x20);
    for (let i = 0; i < 150; i++) deflate.write(mb);
    deflate.end();
    await ended;
    const hash = link(Buffer.concat(parts));
    expect(hash.length - SHARE_PREFIX.length).toBeLessThanOrEqual(MAX_SHARE_CHARS);

    const before = process.memoryUsage();
    const t0 = performance.now();
    const message = await failure(hash);
    const ms = performance.now() - t0;
    const after = process.memoryUsage();
    const grownMb = (after.arrayBuffers + after.external - before.arrayBuffers - before.external) / 1e6;
    console.log(`zip bomb: ${hash.length} characters, rejected in ${ms.toFixed(0)} ms, buffers +${grownMb.toFixed(1)} MB`);
    expectOneSentence(message);
    expect(message).toBe(`This share link is too large: its scenario unpacks to more than 5,000,000 bytes, the most a scenario can be.`);
    expect(ms).toBeLessThan(3_000);
    // Inflating it all would hold 150 MB; reading stops a chunk past LIMITS.fileBytes.
    expect(grownMb).toBeLessThan(10 * LIMITS.fileBytes / 1e6);
  });

  it('a payload of exactly MAX_SHARE_CHARS is not refused for its length', async () => {
    const message = await failure(SHARE_PREFIX + 'A'.repeat(MAX_SHARE_CHARS));
    expect(message).not.toMatch(/too long/);
    expect(message).toMatch(/damaged/);
  });
});

// --- property: any JSON value either comes back unchanged (a valid scenario) or is rejected -------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a value inside `value` (the root is []). */
function paths(value: Json, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

type Mutation = { kind: 'set'; at: number; value: Json } | { kind: 'delete'; at: number } | { kind: 'scale'; at: number; by: number };

function mutate(base: Json, mutations: Mutation[]): Json {
  const root = structuredClone(base);
  for (const m of mutations) {
    const all = paths(root).filter((p) => p.length > 0);
    const path = all[m.at % all.length];
    let parent = root as Record<string | number, Json>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
    const key = path[path.length - 1];
    if (m.kind === 'set') parent[key] = m.value;
    else if (m.kind === 'scale' && typeof parent[key] === 'number') parent[key] = (parent[key] as number) * m.by;
    else if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  }
  return root;
}

const smallJson = fc.jsonValue({ maxDepth: 2, stringUnit: 'binary' }) as fc.Arbitrary<Json>;
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: smallJson }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('scale' as const), at: fc.nat(), by: fc.constantFrom(0, 0.5, 2, -1, 1e9) }),
);
const mutatedBundled = fc
  .tuple(fc.constantFrom(...BUNDLED.map((b) => b.raw as Json)), fc.array(mutation, { minLength: 0, maxLength: 2 }))
  .map(([base, ms]) => mutate(base, ms));

describe('property', () => {
  it('a JSON value round-trips when it is a valid scenario and is rejected with a message otherwise', async () => {
    let valid = 0;
    let invalid = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue({ stringUnit: 'binary' }) as fc.Arbitrary<Json>, mutatedBundled), async (value) => {
        const asJson = JSON.parse(JSON.stringify(value)) as unknown;
        const expected = parseScenario(asJson);
        const result = await decodeShare(await encodeShare(value));
        if (expected.ok) {
          valid++;
          expect(result).toEqual({ ok: true, raw: asJson });
        } else {
          invalid++;
          expect(result.ok).toBe(false);
          if (!result.ok) {
            expectOneSentence(result.message);
            expect(result.message).toContain(expected.errors[0]);
          }
        }
      }),
      { numRuns: 300, seed: 20260105 },
    );
    console.log(`share property: ${valid} valid scenarios round-tripped, ${invalid} invalid values rejected`);
    expect(valid).toBeGreaterThan(20);
    expect(invalid).toBeGreaterThan(20);
  });
});
