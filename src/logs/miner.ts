/**
 * A streaming log-pattern miner of the Drain family (He et al., ICWS 2017), changed so that one
 * configuration fits every kind of log:
 *
 * - A line's message is mined, not its header or its structure (see message.ts): a plain line's
 *   time stamp, level, pid, thread and logger are cut off, a JSON or logfmt line gives its message
 *   field. The level and logger become attributes of the pattern, counted per value.
 * - Messages are tokenised and masked first (see mask.ts, tokenize.ts), so most values are
 *   already wildcards before any clustering happens.
 * - A fixed-depth tree (token count, then the first `prefixDepth` tokens without digits) leads
 *   to a few candidate templates; the most similar one wins if the share of equal tokens reaches
 *   `similarity`, and a template that already covers the line (equal or wildcard everywhere)
 *   takes it whatever the similarity.
 * - Positions that differ between a template and a line become wildcards only when one side is
 *   a value or both look like names (`test9`, `a.b.com`). Two different plain words never do,
 *   because "connection refused" and "connection reset" are different events. A position
 *   becomes a wildcard on words only when `variableAfter` templates differ there and nowhere
 *   else (user names: "Invalid user admin", "Invalid user oracle", ...), and then the templates
 *   it covers join it.
 * - Templates whose constant tokens are the same, in the same order, are one pattern whatever
 *   the number of values between them (variable-length parameters); when a template gains a
 *   wildcard, patterns that become equal are merged.
 * - At most `maxClusters` patterns are kept, and `maxLeafTemplates` under one tree leaf; the
 *   least recently seen goes first.
 * - Deterministic: the same lines in the same order give the same patterns and ids; the state
 *   is plain JSON (toJSON / PatternMiner.fromJSON) and goes on where it stopped.
 */
import { WILDCARD, generalizeToken, tokenCovers } from './mask.js';
import {
  type Cluster,
  DETACHED,
  PURE,
  SEP,
  type Shape,
  type TreeNode,
  VALUE,
  before,
  classify,
  covers,
  isKeyToken,
  leastRecent,
  removeFrom,
  renderTemplate,
  sameExcept,
  siblingKeys,
  skeletonIndex,
  skeletonOf,
  skeletonPositions,
  softDifference,
  variantOrder,
} from './shape.js';
import { messageSpan } from './message.js';
import { patternId } from './template.js';
import { ValueCounts } from './value-counts.js';
import { DEFAULT_MAX_TOKENS, tokenize } from './tokenize.js';

export interface MinerOptions {
  /** Share of positions that must be equal for a line to join (and generalise) a template. */
  similarity: number;
  /** How many leading tokens key the tree below the token count. */
  prefixDepth: number;
  /** Cap on patterns kept; the least recently seen goes first. */
  maxClusters: number;
  /** Distinct words at one position, with every other position equal, that make it a wildcard. */
  variableAfter: number;
  /** Cap on templates under one prefix (token count and leading tokens); bounds the time a line takes. */
  maxLeafTemplates: number;
  /** Raw sample lines kept per pattern. */
  maxSamples: number;
  /** Samples longer than this are cut (they stay unsanitised: sanitise when displaying). */
  maxSampleLength: number;
  /** Tokens read per line; the rest of a longer line is one wildcard. */
  maxTokens: number;
}

export const DEFAULT_MINER_OPTIONS: Readonly<MinerOptions> = Object.freeze({
  similarity: 0.5,
  prefixDepth: 2,
  maxClusters: 10_000,
  maxLeafTemplates: 256,
  variableAfter: 4,
  maxSamples: 3,
  maxSampleLength: 1000,
  maxTokens: DEFAULT_MAX_TOKENS,
});

/** A pattern as the miner currently sees it. */
export interface Pattern {
  /** Number of the pattern in this miner; stays valid (see resolve) when patterns merge. */
  clusterId: number;
  /** Stable short id: a hash of the template. */
  id: string;
  template: string;
  count: number;
  /** Times given to add(), in ms; absent when none was given. */
  firstSeen?: number;
  lastSeen?: number;
  /** Raw lines (unsanitised). */
  samples: string[];
  /** Header and structured fields of its lines (level, component), as value -> count. */
  attributes?: Attributes;
}

/** Per attribute (level, component), how many lines had each value; at most MAX_ATTRIBUTE_VALUES values. */
export type Attributes = Record<string, Record<string, number>>;

/** Values kept per attribute and pattern; a component name per pod would otherwise grow without end. */
export const MAX_ATTRIBUTE_VALUES = 20;

export interface AddResult {
  clusterId: number;
  /** True when the line started a pattern not seen before. */
  created: boolean;
}

/** The saved state: plain JSON. */
export interface MinerState {
  version: 1;
  options: MinerOptions;
  nextId: number;
  /** Least recently seen first. */
  clusters: Array<{
    id: number;
    count: number;
    firstSeen?: number;
    lastSeen?: number;
    samples: string[];
    /** Ids of patterns merged into this one. */
    aliases: number[];
    /** Token lists of the templates (one per token count seen). */
    shapes: string[][];
    attributes?: Attributes;
  }>;
}

export class PatternMiner {
  readonly options: Readonly<MinerOptions>;
  private readonly roots = new Map<number, TreeNode>();
  private readonly siblings = new Map<number, Shape[]>();
  private readonly skeletons = new Map<string, Cluster>();
  private readonly clusters = new Map<number, Cluster>();
  private readonly forwards = new Map<number, number>();
  private newest?: Cluster;
  private oldest?: Cluster;
  private nextId = 1;
  private clock = 0;
  /** Set by best(): whether the template it chose needs no change for the line. */
  private exact = false;
  private lineClasses = new Int8Array(64);

  constructor(options: Partial<MinerOptions> = {}) {
    this.options = Object.freeze({ ...DEFAULT_MINER_OPTIONS, ...options });
  }

  /** Number of patterns held. */
  get size(): number {
    return this.clusters.size;
  }

  /** Learns from one line (time in ms, optional) and says which pattern it belongs to. */
  add(line: string, time?: number): AddResult {
    const message = messageSpan(line);
    const tokens = tokenize(message.source, this.options.maxTokens, message.start);
    const found = this.search(tokens);
    let cluster: Cluster;
    let created = false;
    if (found) {
      cluster = found.cluster;
      let soft: number[] | undefined;
      for (let p = 0; !this.exact && p < tokens.length; p++) {
        const t = found.tokens[p]!;
        if (t !== WILDCARD && t !== tokens[p] && !(found.classes[p] === VALUE && tokenCovers(t, tokens[p]!))) {
          (soft ??= []).push(p);
        }
      }
      if (soft) cluster = this.generalize(found, soft, tokens);
    } else {
      const fresh = this.createCluster(tokens);
      cluster = this.settle(fresh);
      created = cluster === fresh;
    }
    cluster.count++;
    if (message.level) countAttribute(cluster, 'level', message.level);
    if (message.component) countAttribute(cluster, 'component', message.component);
    if (time !== undefined) {
      if (cluster.firstSeen === undefined || time < cluster.firstSeen) cluster.firstSeen = time;
      if (cluster.lastSeen === undefined || time > cluster.lastSeen) cluster.lastSeen = time;
    }
    if (cluster.samples.length < this.options.maxSamples) {
      const sample = line.length > this.options.maxSampleLength ? line.slice(0, this.options.maxSampleLength) : line;
      if (!cluster.samples.includes(sample)) cluster.samples.push(sample);
    }
    this.touch(cluster);
    while (this.clusters.size > this.options.maxClusters && this.oldest && this.oldest !== cluster) {
      this.evict(this.oldest);
    }
    if (!found) {
      // Free text can put thousands of templates under one prefix; keep each leaf small enough
      // to scan by evicting its least recently seen pattern.
      for (const shape of cluster.shapes) {
        while (shape.leaf.shapes.length > this.options.maxLeafTemplates) {
          const victim = leastRecent(shape.leaf.shapes, cluster);
          if (!victim) break;
          this.evict(victim);
        }
      }
    }
    return { clusterId: cluster.id, created };
  }

  /** The pattern a line would join, without learning anything; undefined if none fits. */
  match(line: string): Pattern | undefined {
    const message = messageSpan(line);
    const found = this.search(tokenize(message.source, this.options.maxTokens, message.start));
    return found ? this.view(found.cluster) : undefined;
  }

  /**
   * The current number of a pattern given any number add() returned for it earlier (patterns
   * merge); undefined once it was evicted.
   */
  resolve(clusterId: number): number | undefined {
    if (this.clusters.has(clusterId)) return clusterId;
    const target = this.forwards.get(clusterId);
    return target !== undefined && this.clusters.has(target) ? target : undefined;
  }

  /** The pattern for a number add() returned (following merges). */
  get(clusterId: number): Pattern | undefined {
    const id = this.resolve(clusterId);
    return id === undefined ? undefined : this.view(this.clusters.get(id)!);
  }

  /** All patterns, most frequent first (then oldest first). */
  patterns(): Pattern[] {
    const list = [...this.clusters.values()].sort((a, b) => b.count - a.count || a.id - b.id);
    return list.map((c) => this.view(c));
  }

  toJSON(): MinerState {
    const clusters: MinerState['clusters'] = [];
    for (let c = this.oldest; c; c = c.newer) {
      clusters.push({
        id: c.id,
        count: c.count,
        ...(c.firstSeen !== undefined ? { firstSeen: c.firstSeen, lastSeen: c.lastSeen } : {}),
        samples: [...c.samples],
        aliases: [...c.aliases],
        shapes: c.shapes.map((s) => [...s.tokens]),
        ...(c.attributes ? { attributes: attributesOf(c.attributes) } : {}),
      });
    }
    return { version: 1, options: { ...this.options }, nextId: this.nextId, clusters };
  }

  static fromJSON(state: MinerState): PatternMiner {
    if (!state || state.version !== 1 || !Array.isArray(state.clusters)) {
      throw new Error('unsupported pattern miner state (expected version 1)');
    }
    const miner = new PatternMiner(state.options);
    miner.nextId = state.nextId;
    for (const saved of state.clusters) {
      const cluster: Cluster = {
        id: saved.id,
        shapes: [],
        count: saved.count,
        samples: [...saved.samples],
        aliases: [...saved.aliases],
        skeleton: '',
        tick: 0,
        ...(saved.firstSeen !== undefined ? { firstSeen: saved.firstSeen, lastSeen: saved.lastSeen } : {}),
      };
      for (const [key, values] of Object.entries(saved.attributes ?? {})) {
        for (const [value, count] of Object.entries(values)) countAttribute(cluster, key, value, count);
      }
      for (const tokens of saved.shapes) miner.addShape(cluster, [...tokens]);
      cluster.skeleton = skeletonOf(cluster.shapes[0]!);
      miner.clusters.set(cluster.id, cluster);
      miner.skeletons.set(cluster.skeleton, cluster);
      for (const alias of cluster.aliases) miner.forwards.set(alias, cluster.id);
      miner.touch(cluster);
    }
    return miner;
  }

  // ---- search ----

  private search(tokens: string[]): Shape | undefined {
    const n = tokens.length;
    const depth = Math.min(this.options.prefixDepth, n);
    let node = this.roots.get(n);
    let keyed = 0;
    for (let p = 0; p < depth; p++) {
      const tok = tokens[p]!;
      const key = isKeyToken(tok);
      if (key) keyed |= 1 << p;
      node = node?.children.get(key ? tok : WILDCARD);
    }
    const found = node && this.best(node.shapes, tokens);
    if (found || keyed === 0) return found;
    // Then with leading words replaced by wildcards (templates whose leading word became a
    // variable), fewest replacements first.
    for (const replace of variantOrder(depth)) {
      if (replace === 0 || (replace & keyed) !== replace) continue;
      let leaf = this.roots.get(n);
      for (let p = 0; p < depth && leaf; p++) {
        leaf = leaf.children.get(replace & (1 << p) || !(keyed & (1 << p)) ? WILDCARD : tokens[p]!);
      }
      const match = leaf && this.best(leaf.shapes, tokens);
      if (match) return match;
    }
    return undefined;
  }

  private best(leaf: Shape[], tokens: string[]): Shape | undefined {
    const n = tokens.length;
    // Classes of the line's tokens, worked out when first needed (most lines need none).
    if (this.lineClasses.length < n) this.lineClasses = new Int8Array(n * 2);
    const lineClasses = this.lineClasses;
    let classesCleared = false;
    let best: Shape | undefined;
    let bestScore = -1;
    let bestEqual = -1;
    let bestWild = 0;
    for (const shape of leaf) {
      const t = shape.tokens;
      let equal = 0;
      let wild = 0;
      let hard = false;
      for (let p = 0; p < n; p++) {
        const a = t[p]!;
        const b = tokens[p]!;
        if (a === b) equal++;
        else if (a === WILDCARD) wild++;
        else if (shape.classes[p] === VALUE && tokenCovers(a, b)) equal++;
        else {
          if (!classesCleared) {
            lineClasses.fill(-1, 0, n);
            classesCleared = true;
          }
          if (!softDifference(shape.classes[p]!, a, b, lineClasses[p] === -1 ? (lineClasses[p] = classify(b)) : lineClasses[p]!)) {
            hard = true;
            break;
          }
        }
      }
      if (hard) continue;
      // Like Drain, a wildcard of the template is no evidence that the line belongs to it; but
      // a line that the template already covers joins it whatever the similarity.
      const score = n === 0 ? 1 : equal / n;
      if (score < this.options.similarity && equal + wild < n) continue;
      if (score > bestScore || (score === bestScore && (equal > bestEqual || (equal === bestEqual && before(shape, best!))))) {
        best = shape;
        bestScore = score;
        bestEqual = equal;
        bestWild = wild;
      }
    }
    this.exact = best !== undefined && bestEqual + bestWild === n;
    return best;
  }

  // ---- changes ----

  private createCluster(tokens: string[]): Cluster {
    const cluster: Cluster = { id: this.nextId++, shapes: [], count: 0, samples: [], aliases: [], skeleton: '', tick: 0 };
    this.addShape(cluster, tokens);
    cluster.skeleton = skeletonOf(cluster.shapes[0]!);
    this.clusters.set(cluster.id, cluster);
    return cluster;
  }

  private addShape(cluster: Cluster, tokens: string[]): Shape {
    const classes = new Uint8Array(tokens.length);
    for (let p = 0; p < tokens.length; p++) classes[p] = classify(tokens[p]!);
    const shape: Shape = { tokens, classes, cluster, leaf: DETACHED, path: [], siblingKeys: [], siblingPositions: [] };
    cluster.shapes.push(shape);
    this.index(shape);
    return shape;
  }

  /**
   * Generalises the given positions of a shape to cover the line's tokens there, for its whole
   * pattern; returns the pattern (which may have merged with another).
   */
  private generalize(shape: Shape, positions: number[], tokens: string[]): Cluster {
    this.widen(shape, positions, tokens);
    return this.settle(shape.cluster);
  }

  /** Generalises positions of a shape (and the same constants in its pattern's other shapes). */
  private widen(shape: Shape, positions: number[], tokens: string[]): void {
    const cluster = shape.cluster;
    const changes: Array<{ q: number; token: string }> = [];
    for (const p of positions) {
      const token = generalizeToken(shape.tokens[p]!, tokens[p]!);
      if (shape.classes[p] === PURE) this.setToken(shape, p, token);
      else changes.push({ q: skeletonIndex(shape, p), token });
    }
    if (changes.length > 0) {
      for (const other of cluster.shapes) {
        const at = skeletonPositions(other);
        for (const { q, token } of changes) this.setToken(other, at[q]!, token);
      }
    }
  }

  private setToken(shape: Shape, p: number, token: string): void {
    if (shape.tokens[p] === token) return;
    this.unindex(shape);
    shape.tokens[p] = token;
    shape.classes[p] = classify(token);
    this.index(shape);
  }

  /**
   * Brings a changed or new pattern to rest: merges it with a pattern of the same skeleton, and
   * turns a position into a wildcard where enough sibling templates differ only there. Returns
   * the pattern it ended in.
   */
  private settle(start: Cluster): Cluster {
    let cluster = start;
    for (;;) {
      cluster.template = undefined;
      this.dedupe(cluster);
      const skeleton = skeletonOf(cluster.shapes[0]!);
      const holder = this.skeletons.get(skeleton);
      if (holder && holder !== cluster) {
        if (this.skeletons.get(cluster.skeleton) === cluster) this.skeletons.delete(cluster.skeleton);
        cluster = this.merge(holder, cluster);
        continue;
      }
      if (skeleton !== cluster.skeleton && this.skeletons.get(cluster.skeleton) === cluster) {
        this.skeletons.delete(cluster.skeleton);
      }
      cluster.skeleton = skeleton;
      this.skeletons.set(skeleton, cluster);
      const covered = this.coveredShape(cluster);
      if (covered) {
        cluster = this.absorb(covered.by, covered.shape);
        continue;
      }
      const group = this.siblingGroup(cluster);
      if (!group) return cluster;
      cluster = this.mergeSiblings(group.shapes, group.position);
    }
  }

  /** A shape in the tree that one of this pattern's templates now covers. */
  private coveredShape(cluster: Cluster): { by: Shape; shape: Shape } | undefined {
    for (const by of cluster.shapes) {
      if (!by.tokens.includes(WILDCARD) && !by.classes.includes(VALUE)) continue;
      for (const shape of by.leaf.shapes) {
        if (shape !== by && covers(by, shape)) return { by, shape };
      }
    }
    return undefined;
  }

  /** Moves a covered shape into the pattern of the shape that covers it. */
  private absorb(by: Shape, shape: Shape): Cluster {
    const cluster = by.cluster;
    if (shape.cluster === cluster) {
      this.unindex(shape);
      cluster.shapes.splice(cluster.shapes.indexOf(shape), 1);
      return cluster;
    }
    const positions: number[] = [];
    for (let p = 0; p < by.tokens.length; p++) if (by.tokens[p] !== shape.tokens[p]) positions.push(p);
    this.widen(shape, positions, by.tokens);
    const other = shape.cluster;
    if (this.skeletons.get(other.skeleton) === other) this.skeletons.delete(other.skeleton);
    return this.merge(cluster, other);
  }

  private siblingGroup(cluster: Cluster): { shapes: Shape[]; position: number } | undefined {
    for (const shape of cluster.shapes) {
      for (let i = 0; i < shape.siblingKeys.length; i++) {
        const list = this.siblings.get(shape.siblingKeys[i]!);
        if (!list || list.length < this.options.variableAfter) continue;
        const p = shape.siblingPositions[i]!;
        const group = list.filter((other) => sameExcept(other.tokens, shape.tokens, p));
        const values = new Set(group.map((s) => s.tokens[p]));
        if (values.size >= this.options.variableAfter) return { shapes: group, position: p };
      }
    }
    return undefined;
  }

  private mergeSiblings(group: Shape[], p: number): Cluster {
    const token = group.map((s) => s.tokens[p]!).reduce(generalizeToken);
    // Where p sits among the constants of each pattern, read before anything changes.
    const targets = new Map<Cluster, number>();
    for (const shape of group) if (!targets.has(shape.cluster)) targets.set(shape.cluster, skeletonIndex(shape, p));
    for (const [cluster, q] of targets) {
      for (const other of cluster.shapes) this.setToken(other, skeletonPositions(other)[q]!, token);
    }
    const clusters = [...targets.keys()].sort((a, b) => a.id - b.id);
    let kept = clusters[0]!;
    for (const other of clusters.slice(1)) {
      if (this.skeletons.get(other.skeleton) === other) this.skeletons.delete(other.skeleton);
      kept = this.merge(kept, other);
    }
    return kept;
  }

  /** Merges two patterns into the older one and returns it. */
  private merge(a: Cluster, b: Cluster): Cluster {
    const [kept, gone] = a.id < b.id ? [a, b] : [b, a];
    for (const shape of gone.shapes) {
      shape.cluster = kept;
      kept.shapes.push(shape);
    }
    kept.count += gone.count;
    if (gone.firstSeen !== undefined && (kept.firstSeen === undefined || gone.firstSeen < kept.firstSeen)) {
      kept.firstSeen = gone.firstSeen;
    }
    if (gone.lastSeen !== undefined && (kept.lastSeen === undefined || gone.lastSeen > kept.lastSeen)) {
      kept.lastSeen = gone.lastSeen;
    }
    for (const sample of gone.samples) {
      if (kept.samples.length < this.options.maxSamples && !kept.samples.includes(sample)) kept.samples.push(sample);
    }
    for (const [key, values] of gone.attributes ?? []) {
      for (const [value, count] of values.entries()) countAttribute(kept, key, value, count);
    }
    for (const alias of [gone.id, ...gone.aliases]) {
      kept.aliases.push(alias);
      this.forwards.set(alias, kept.id);
    }
    if (this.skeletons.get(gone.skeleton) === gone) this.skeletons.set(gone.skeleton, kept);
    // The merged pattern takes the more recent place of the two in the eviction order.
    if (gone.tick > kept.tick) this.replaceInOrder(gone, kept);
    else this.unlink(gone);
    this.clusters.delete(gone.id);
    kept.template = undefined;
    this.dedupe(kept);
    return kept;
  }

  /** Drops templates of a pattern that became identical to an earlier one. */
  private dedupe(cluster: Cluster): void {
    if (cluster.shapes.length < 2) return;
    const seen = new Set<string>();
    const kept: Shape[] = [];
    for (const shape of cluster.shapes) {
      const key = shape.tokens.join(SEP);
      if (seen.has(key)) this.unindex(shape);
      else {
        seen.add(key);
        kept.push(shape);
      }
    }
    cluster.shapes = kept;
  }

  // ---- indexes ----

  private index(shape: Shape): void {
    const n = shape.tokens.length;
    const depth = Math.min(this.options.prefixDepth, n);
    let node: TreeNode | undefined = this.roots.get(n);
    if (!node) this.roots.set(n, (node = { children: new Map(), shapes: [] }));
    shape.path = [];
    for (let p = 0; p < depth; p++) {
      const tok = shape.tokens[p]!;
      const key = isKeyToken(tok) ? tok : WILDCARD;
      shape.path.push(key);
      let child: TreeNode | undefined = node.children.get(key);
      if (!child) node.children.set(key, (child = { children: new Map(), shapes: [] }));
      node = child;
    }
    node.shapes.push(shape);
    shape.leaf = node;

    const { keys, positions } = siblingKeys(shape);
    shape.siblingKeys = keys;
    shape.siblingPositions = positions;
    for (const k of keys) {
      const list = this.siblings.get(k);
      if (list) list.push(shape);
      else this.siblings.set(k, [shape]);
    }
  }

  private unindex(shape: Shape): void {
    const leaf = shape.leaf.shapes;
    leaf.splice(leaf.indexOf(shape), 1);
    if (leaf.length === 0) this.prune(shape.tokens.length, shape.path);
    shape.leaf = DETACHED;
    for (const k of shape.siblingKeys) removeFrom(this.siblings, k, shape);
    shape.siblingKeys = [];
    shape.siblingPositions = [];
  }

  /** Removes the empty nodes along a path. */
  private prune(n: number, path: string[]): void {
    const nodes: TreeNode[] = [this.roots.get(n)!];
    for (const key of path) nodes.push(nodes[nodes.length - 1]!.children.get(key)!);
    for (let d = path.length; d > 0; d--) {
      const node = nodes[d]!;
      if (node.shapes.length > 0 || node.children.size > 0) return;
      nodes[d - 1]!.children.delete(path[d - 1]!);
    }
    if (nodes[0]!.shapes.length === 0 && nodes[0]!.children.size === 0) this.roots.delete(n);
  }

  private evict(cluster: Cluster): void {
    for (const shape of cluster.shapes) this.unindex(shape);
    if (this.skeletons.get(cluster.skeleton) === cluster) this.skeletons.delete(cluster.skeleton);
    for (const alias of cluster.aliases) this.forwards.delete(alias);
    this.unlink(cluster);
    this.clusters.delete(cluster.id);
  }

  // ---- recency list (newest at the head) ----

  private touch(cluster: Cluster): void {
    cluster.tick = ++this.clock;
    if (this.newest === cluster) return;
    this.unlink(cluster);
    cluster.older = this.newest;
    if (this.newest) this.newest.newer = cluster;
    this.newest = cluster;
    this.oldest ??= cluster;
  }

  private unlink(cluster: Cluster): void {
    const { newer, older } = cluster;
    if (newer) newer.older = older;
    if (older) older.newer = newer;
    if (this.newest === cluster) this.newest = older;
    if (this.oldest === cluster) this.oldest = newer;
    cluster.newer = cluster.older = undefined;
  }

  private replaceInOrder(gone: Cluster, kept: Cluster): void {
    this.unlink(kept);
    const { newer, older } = gone;
    kept.newer = newer;
    kept.older = older;
    if (newer) newer.older = kept;
    if (older) older.newer = kept;
    if (this.newest === gone) this.newest = kept;
    if (this.oldest === gone) this.oldest = kept;
    gone.newer = gone.older = undefined;
  }

  // ---- views ----

  private view(cluster: Cluster): Pattern {
    cluster.template ??= renderTemplate(cluster.shapes);
    return {
      clusterId: cluster.id,
      id: patternId(cluster.template),
      template: cluster.template,
      count: cluster.count,
      ...(cluster.firstSeen !== undefined ? { firstSeen: cluster.firstSeen, lastSeen: cluster.lastSeen } : {}),
      samples: [...cluster.samples],
      ...(cluster.attributes ? { attributes: attributesOf(cluster.attributes) } : {}),
    };
  }
}

function countAttribute(cluster: Cluster, key: string, value: string, count = 1): void {
  const attributes = (cluster.attributes ??= new Map());
  let values = attributes.get(key);
  if (!values) attributes.set(key, (values = new ValueCounts(MAX_ATTRIBUTE_VALUES)));
  values.add(value, count);
}

function attributesOf(attributes: Map<string, ValueCounts>): Attributes {
  const out: Attributes = {};
  for (const [key, values] of attributes) out[key] = Object.fromEntries(values.entries());
  return out;
}
