/** Statistics shared by the bench modules (the leading underscore keeps bench/run.ts from running it). */

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Median over the rounds of ours[i] / theirs[i]: both figures of a round were taken within moments of each
 * other, so a stretch where the shared machine is slow slows both sides of a ratio instead of reading as a
 * difference between them (as a ratio of two separate medians would).
 */
export function ratioWithinRounds(ours: number[], theirs: number[]): number {
  return median(ours.map((o, i) => o / theirs[i]!));
}
