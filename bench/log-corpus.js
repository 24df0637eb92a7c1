// A large log corpus of many formats with a known event for every line, for timing `obs logs
// patterns --file` and measuring its grouping: synthetic templates written the way common loggers
// write them (ISO/Java, syslog, Python, glog, Android, bracketed, JSON, logfmt), the LogHub
// development set's raw lines with fresh values, and the demo world's background and startup lines.
// Deterministic: the same size and seed give the same bytes.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractParameters } from '../dist/src/logs/index.js';
import { readStructured } from '../dist/src/logs/loghub.js';
import { styleOf } from '../dist/src/sim/logs/styles.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const datasets = path.resolve(root, '../shared/datasets/loghub');
const SYSTEMS = ['HDFS', 'Hadoop', 'OpenSSH', 'Proxifier'];
const DEMO_SERVICES = ['frontend', 'checkout', 'auth', 'cart', 'payments', 'payments-db', 'cart-cache', 'inference', 'orders-queue'];

/** mulberry32: a small deterministic PRNG. */
export function prng(seed) {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'request response connection session user account order payment cart item cache queue worker job task batch ' +
  'replica shard node cluster leader follower snapshot checkpoint segment index table row column schema migration ' +
  'token certificate key secret lease lock retry timeout deadline backoff circuit breaker pool thread socket ' +
  'stream buffer frame packet message event topic partition offset consumer producer handler route endpoint ' +
  'upstream downstream gateway proxy backend frontend scheduler executor container volume mount disk memory'
).split(' ');
const VERBS = (
  'started finished failed accepted rejected opened closed created deleted updated loaded saved flushed ' +
  'evicted expired renewed released acquired scheduled cancelled dropped received sent skipped restored'
).split(' ');
const GLUE = 'for from to on in with after before while during at by of'.split(' ');
const UNITS = ['ms', 'seconds', 'MB', 'bytes', 'KB', 'items', 'rows'];
const LEVELS = ['INFO', 'INFO', 'INFO', 'WARN', 'ERROR', 'DEBUG'];

/** A value of a kind, fresh each time. */
function value(kind, r) {
  const n = (max) => Math.floor(r() * max);
  const hex = (len) => Array.from({ length: len }, () => '0123456789abcdef'[n(16)]).join('');
  switch (kind) {
    case 'int': return String(n(100000));
    case 'ip': return `10.${n(256)}.${n(256)}.${n(256)}`;
    case 'hostport': return `10.${n(256)}.${n(256)}.${n(256)}:${1024 + n(60000)}`;
    case 'hex': return hex(16);
    case 'uuid': return `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
    case 'path': return `/var/lib/app/${hex(6)}/part-${n(1000)}.dat`;
    case 'id': return `${['req', 'ord', 'job', 'blk'][n(4)]}_${n(1e9)}`;
    case 'float': return (r() * 1000).toFixed(2);
    default: return String(n(10));
  }
}
const KINDS = ['int', 'ip', 'hostport', 'hex', 'uuid', 'path', 'id', 'float'];

/** A synthetic template: words and typed slots, some values followed by a unit. */
function makeTemplate(r) {
  const pick = (list) => list[Math.floor(r() * list.length)];
  const parts = [];
  const length = 3 + Math.floor(r() * 8);
  parts.push({ text: pick(WORDS) }, { text: pick(VERBS) });
  for (let i = 2; i < length; i++) {
    const x = r();
    if (x < 0.3) parts.push({ slot: pick(KINDS) });
    else if (x < 0.4) parts.push({ slot: 'int' }, { text: pick(UNITS) });
    else if (x < 0.6) parts.push({ text: pick(GLUE) });
    else parts.push({ text: pick(WORDS) });
  }
  if (!parts.some((p) => p.slot)) parts.push({ slot: pick(KINDS) });
  return { parts, format: Math.floor(r() * 8), logger: `com.example.${pick(WORDS)}.${pick(WORDS)}` };
}

function isoTime(ms) {
  return new Date(ms).toISOString();
}

/** One line of a synthetic template in its logger's format. */
function renderSynthetic(t, ms, r) {
  const message = t.parts.map((p) => (p.slot ? value(p.slot, r) : p.text)).join(' ');
  const level = LEVELS[Math.floor(r() * LEVELS.length)];
  const iso = isoTime(ms);
  const spaced = iso.replace('T', ' ').replace('Z', '').replace('.', ',');
  const d = new Date(ms);
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const hms = iso.slice(11, 19);
  switch (t.format) {
    case 0: return `${spaced} ${level} [worker-${Math.floor(r() * 8)}] ${t.logger}: ${message}`;
    case 1: return `${mon} ${String(d.getUTCDate()).padStart(2)} ${hms} host${Math.floor(r() * 20)} app[${1000 + Math.floor(r() * 9000)}]: ${message}`;
    case 2: return `${spaced} - ${t.logger} - ${level} - ${message}`;
    case 3: return `${level[0]}${iso.slice(5, 7)}${iso.slice(8, 10)} ${iso.slice(11, 23)}000   ${1000 + Math.floor(r() * 9000)} server.go:${100 + Math.floor(r() * 400)}] ${message}`;
    case 4: return JSON.stringify({ time: iso, level: level.toLowerCase(), logger: t.logger, msg: message });
    case 5: return `ts=${iso} level=${level.toLowerCase()} caller=main.go:42 msg=${JSON.stringify(message)}`;
    case 6: return `[${iso}] [${level.toLowerCase()}] ${message}`;
    default: return `${iso.slice(5, 10)} ${iso.slice(11, 23)}  ${1000 + Math.floor(r() * 9000)}  ${1000 + Math.floor(r() * 9000)} ${level[0]} ${t.logger.split('.').pop()}: ${message}`;
  }
}

/** A fresh value of the same shape (digits stay digits, hex stays hex). */
function fresh(v, r) {
  const hex = /^[0-9a-fA-F]+$/.test(v);
  const words = /\s/.test(v.trim());
  let out = '';
  for (const c of v) {
    if (c >= '0' && c <= '9') out += '0123456789'[Math.floor(r() * 10)];
    else if (words) out += c;
    else if (c >= 'a' && c <= 'z') out += (hex ? 'abcdef' : 'abcdefghijklmnopqrstuvwxyz')[Math.floor(r() * (hex ? 6 : 26))];
    else out += c;
  }
  return out;
}

/** The LogHub raw lines as sources: header kept, message values refreshed on every use. */
function loghubSources() {
  const sources = [];
  for (const system of SYSTEMS) {
    const dir = path.join(datasets, system);
    const rows = readStructured(fs.readFileSync(path.join(dir, `${system}_2k.log_structured_corrected.csv`), 'utf8'));
    const raw = fs.readFileSync(path.join(dir, `${system}_2k.log`), 'utf8').split('\n').map((l) => l.replace(/\r$/, ''));
    rows.forEach((row, i) => {
      const at = raw[i].lastIndexOf(row.content);
      const params = extractParameters(row.eventTemplate, row.content);
      if (at < 0 || !params) return;
      sources.push({ event: `${system}:${row.eventId}`, header: raw[i].slice(0, at), literals: row.eventTemplate.split('<*>'), params });
    });
  }
  return sources;
}

/**
 * Writes `total` lines to `file` and returns the event of every line (an Int32Array of event
 * numbers) and how many distinct events there are.
 */
export function writeCorpus(file, total, seed = 0x5eed) {
  const r = prng(seed);
  const synthetic = Array.from({ length: 1200 }, () => makeTemplate(r));
  const loghub = loghubSources();
  const demo = DEMO_SERVICES.flatMap((service) => styleOf(service).background.map((b, k) => ({ event: `demo:${service}:${k}`, b })));
  const eventIds = new Map();
  const eventOf = (key) => {
    let id = eventIds.get(key);
    if (id === undefined) eventIds.set(key, (id = eventIds.size));
    return id;
  };
  const events = new Int32Array(total);
  const out = fs.openSync(file, 'w');
  let chunk = [];
  let ms = Date.parse('2024-05-01T00:00:00Z');
  for (let i = 0; i < total; i++) {
    ms += Math.floor(r() * 20);
    const x = r();
    let line;
    if (x < 0.7) {
      // a skewed choice: some templates are frequent, most are rare, as in real logs
      const k = Math.floor(synthetic.length * r() ** 2);
      line = renderSynthetic(synthetic[k], ms, r);
      events[i] = eventOf(`synthetic:${k}`);
    } else if (x < 0.95) {
      const s = loghub[Math.floor(r() * loghub.length)];
      line = s.header + s.literals[0];
      for (let p = 0; p < s.params.length; p++) line += fresh(s.params[p], r) + s.literals[p + 1];
      events[i] = eventOf(s.event);
    } else {
      const d = demo[Math.floor(r() * demo.length)];
      line = d.b.render(ms * 1000, r)[0].line;
      events[i] = eventOf(d.event);
    }
    chunk.push(line);
    if (chunk.length === 10_000) {
      fs.writeSync(out, chunk.join('\n') + '\n');
      chunk = [];
    }
  }
  if (chunk.length) fs.writeSync(out, chunk.join('\n') + '\n');
  fs.closeSync(out);
  return { events, distinct: eventIds.size };
}
