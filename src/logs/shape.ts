/**
 * The templates ("shapes") a pattern is made of, one per token count, and what the miner needs
 * to know about them: the class of each token, the constant skeleton shared by a pattern's
 * templates, how they render, and the keys that find templates differing in one position.
 */
import { TokenKind, WILDCARD, differInValue, isPureValue, tokenCovers, tokenKind } from './mask.js';
import type { ValueCounts } from './value-counts.js';

// Token classes kept per template position.
export const WORD = 0;
export const IDENT = 1;
export const VALUE = 2; // contains a wildcard and some text (blk_<*>)
export const PURE = 3; // only wildcards and punctuation (<*>, [<*>], /<*>:)

export interface Shape {
  tokens: string[];
  classes: Uint8Array;
  cluster: Cluster;
  /** The tree node holding it, and the keys that lead there. */
  leaf: TreeNode;
  path: string[];
  /** Sibling-index keys and the position each one leaves out. */
  siblingKeys: number[];
  siblingPositions: number[];
}

export interface Cluster {
  id: number;
  shapes: Shape[];
  count: number;
  firstSeen?: number;
  lastSeen?: number;
  samples: string[];
  /** See Pattern.attributes: attribute -> value -> lines. */
  attributes?: Map<string, ValueCounts>;
  aliases: number[];
  skeleton: string;
  template?: string;
  /** When it was last seen, in add() calls; orders the recency list. */
  tick: number;
  newer?: Cluster;
  older?: Cluster;
}

/** The prefix tree: token count, then one level per leading token (or the wildcard). */
export interface TreeNode {
  children: Map<string, TreeNode>;
  shapes: Shape[];
}

/** Where a shape points while it is out of the tree. */
export const DETACHED: TreeNode = { children: new Map(), shapes: [] };

export const SEP = '\u0001';

/** Brackets or quotes with nothing inside: an empty value, like `()` in "from 1.2.3.4 () at". */
const EMPTY_VALUE = /^[([{<"'`]+[)\]}>"'`]+[,;:.]?$/;

export function classify(tok: string): number {
  // A value with its unit ("<*> seconds", made by tokenize) is a value like any other.
  if (tok === WILDCARD || EMPTY_VALUE.test(tok) || tok.includes(' ')) return PURE;
  const kind = tokenKind(tok);
  if (kind === TokenKind.Word) return WORD;
  if (kind === TokenKind.Ident) return IDENT;
  return isPureValue(tok) ? PURE : VALUE;
}

/**
 * Whether a template token may be generalised to cover this line token: a word differs from
 * anything but a pure value (two different words are two different events; a word and
 * `blk_<*>` too), and see differInValue for the rest.
 */
export function softDifference(templateClass: number, template: string, lineToken: string, lineClass: number): boolean {
  if (templateClass === PURE) return true;
  if (lineClass === PURE) return true;
  if (templateClass === WORD || lineClass === WORD) return false;
  return differInValue(template, lineToken);
}

/** The least recently seen pattern with a template in the leaf, other than `keep`. */
export function leastRecent(leaf: Shape[], keep: Cluster): Cluster | undefined {
  let oldest: Cluster | undefined;
  for (const shape of leaf) {
    if (shape.cluster !== keep && (!oldest || shape.cluster.tick < oldest.tick)) oldest = shape.cluster;
  }
  return oldest;
}

export function before(a: Shape, b: Shape): boolean {
  if (a.cluster !== b.cluster) return a.cluster.id < b.cluster.id;
  return a.cluster.shapes.indexOf(a) < b.cluster.shapes.indexOf(b);
}

/**
 * Leading tokens that key the tree: like Drain, those without digits; a token with digits or a
 * masked value goes under the wildcard key.
 */
export function isKeyToken(tok: string): boolean {
  for (let i = 0; i < tok.length; i++) {
    const c = tok.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c === 42 && tok[i - 1] === '<' && tok[i + 1] === '>')) return false;
  }
  return true;
}

function popcount(x: number): number {
  let c = 0;
  for (; x; x &= x - 1) c++;
  return c;
}

const variantOrders: number[][] = [];

/** Subsets of the first `depth` positions, fewest first, later positions replaced first. */
export function variantOrder(depth: number): number[] {
  return (variantOrders[depth] ??= [...Array(1 << depth).keys()].sort((a, b) => popcount(a) - popcount(b) || b - a));
}


/** The constant part of a template: its tokens that are not pure values, in order. */
export function skeletonOf(shape: Shape): string {
  const parts: string[] = [];
  for (let p = 0; p < shape.tokens.length; p++) if (shape.classes[p] !== PURE) parts.push(shape.tokens[p]!);
  return parts.join(SEP);
}

export function skeletonPositions(shape: Shape): number[] {
  const at: number[] = [];
  for (let p = 0; p < shape.tokens.length; p++) if (shape.classes[p] !== PURE) at.push(p);
  return at;
}

export function skeletonIndex(shape: Shape, p: number): number {
  let q = 0;
  for (let i = 0; i < p; i++) if (shape.classes[i] !== PURE) q++;
  return q;
}

/**
 * The text of a pattern. One template: its tokens. Several (one per token count): the shared
 * constant tokens, with the values between them written as they are when every template has
 * the same there, else as one wildcard.
 */
export function renderTemplate(shapes: Shape[]): string {
  if (shapes.length === 1) return shapes[0]!.tokens.join(' ');
  const gapsPerShape = shapes.map(gapsOf);
  const constants = skeletonPositions(shapes[0]!).map((p) => shapes[0]!.tokens[p]!);
  const parts: string[] = [];
  for (let g = 0; g <= constants.length; g++) {
    const variants = new Set(gapsPerShape.map((gaps) => gaps[g]!));
    const gap = variants.size === 1 ? [...variants][0]! : WILDCARD;
    if (gap !== '') parts.push(gap);
    if (g < constants.length) parts.push(constants[g]!);
  }
  return parts.join(' ');
}

function gapsOf(shape: Shape): string[] {
  const gaps: string[] = [];
  let current: string[] = [];
  for (let p = 0; p < shape.tokens.length; p++) {
    if (shape.classes[p] === PURE) current.push(shape.tokens[p]!);
    else {
      gaps.push(current.join(' '));
      current = [];
    }
  }
  gaps.push(current.join(' '));
  return gaps;
}

/** Whether template a matches every line template b matches (same length, same leaf). */
export function covers(a: Shape, b: Shape): boolean {
  for (let p = 0; p < a.tokens.length; p++) {
    const t = a.tokens[p]!;
    if (t === b.tokens[p] || t === WILDCARD) continue;
    if (a.classes[p] === VALUE && tokenCovers(t, b.tokens[p]!)) continue;
    return false;
  }
  return true;
}

export function sameExcept(a: string[], b: string[], p: number): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (i !== p && a[i] !== b[i]) return false;
  return true;
}

// 53-bit keys from two 32-bit string hashes, for "this template with position p left out".
function hashString(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function mix(h: number, x: number): number {
  h = Math.imul(h ^ x, 0x9e3779b1);
  return (h ^ (h >>> 15)) >>> 0;
}

/**
 * Keys for the positions that hold some constant text, when at least two other constants would
 * be left: a word that is the only constant besides one ("Launching <*>", "KILLING <*>") names
 * the event, it is not a value.
 */
export function siblingKeys(shape: Shape): { keys: number[]; positions: number[] } {
  const keys: number[] = [];
  const positions: number[] = [];
  const t = shape.tokens;
  const n = t.length;
  let constants = 0;
  for (let p = 0; p < n; p++) if (shape.classes[p] !== PURE) constants++;
  if (constants < 3) return { keys, positions };
  const before = new Array<number>(n + 1);
  const after = new Array<number>(n + 1);
  before[0] = 0x811c9dc5;
  for (let p = 0; p < n; p++) before[p + 1] = mix(before[p]!, hashString(t[p]!, 0x811c9dc5));
  after[n] = 0x01234567;
  for (let p = n - 1; p >= 0; p--) after[p] = mix(after[p + 1]!, hashString(t[p]!, 0x2545f491));
  for (let p = 0; p < n; p++) {
    const c = shape.classes[p];
    if (c === PURE) continue;
    const high = mix(before[p]!, n) & 0x1fffff;
    keys.push(high * 0x100000000 + after[p + 1]!);
    positions.push(p);
  }
  return { keys, positions };
}

export function removeFrom<K>(map: Map<K, Shape[]>, key: K, shape: Shape): void {
  const list = map.get(key);
  if (!list) return;
  const i = list.indexOf(shape);
  if (i >= 0) list.splice(i, 1);
  if (list.length === 0) map.delete(key);
}
