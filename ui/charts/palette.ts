/**
 * Okabe–Ito colours (Okabe & Ito 2008, "Color Universal Design"): distinguishable with the common
 * colour-vision deficiencies. Ordered for series: the strongest colours on white first, yellow
 * (weak on white) and black (kept for reference marks: targets, demand) last.
 */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

/** Series colours, in the order scenarios (or groups) take them. */
export const PALETTE: readonly string[] = [
  OKABE_ITO.blue,
  OKABE_ITO.orange,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.vermillion,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.skyBlue,
  OKABE_ITO.yellow,
  OKABE_ITO.black,
];

/** The colour of the i-th scenario (or series); wraps round after PALETTE.length. */
export function scenarioColour(i: number): string {
  const n = PALETTE.length;
  return PALETTE[((Math.trunc(i) % n) + n) % n];
}

/** Ink for text, axes and reference marks (targets, whiskers, demand). */
export const INK = '#222222';
/** Secondary text and guide lines. */
export const MUTED = '#666666';
/** Grid lines. */
export const GRID = '#e6e6e6';
/** Cells and areas where nothing is measured (a closed desk). */
export const CLOSED = '#d9d9d9';
