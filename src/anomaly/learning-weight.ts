/** Probabilities from which a point counts as ordinary and is learned with full weight. */
const ORDINARY = 0.2;

/**
 * How much a model learns from a point whose probability was `p`: fully when ordinary, less the rarer
 * it was (`sqrt(p / ORDINARY)`), never under `floor`. So an episode under way is not taken for the
 * new normal within a few points, while a lasting change is still adopted, about 1/floor times more
 * slowly than an ordinary drift.
 */
export function learningWeight(p: number, floor: number): number {
  return p >= ORDINARY ? 1 : Math.max(floor, Math.sqrt(p / ORDINARY));
}
