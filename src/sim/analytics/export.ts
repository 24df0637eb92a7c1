/**
 * Amplitude's Export API payload: a ZIP with one gzip member per hour of server upload time, each holding the
 * hour's events as JSON lines in the export format.
 */
import { gzipSync, zipSync } from 'fflate';
import { hash32 } from '../world/random.js';
import { HOUR_MS, type ProductEvent } from './events.js';
import { eventProperties, userProperties } from './properties.js';

export const PROJECT_ID = 187520;

function exportTime(ms: number): string {
  const iso = new Date(Math.floor(ms)).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000`;
}

function uuidOf(key: number, ts: number): string {
  const a = hash32(key, 1).toString(16).padStart(8, '0');
  const b = hash32(key, ts % 4294967296).toString(16).padStart(8, '0');
  const c = hash32(key, 3).toString(16).padStart(8, '0');
  const d = hash32(key, 4).toString(16).padStart(8, '0');
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-a${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

/** When the event reached Amplitude's servers: shortly after it happened. */
export function uploadTimeOf(e: ProductEvent): number {
  return e.tsMs + 300 + (e.key % 1700);
}

export function exportLine(e: ProductEvent, eventId: number): Record<string, unknown> {
  const upload = uploadTimeOf(e);
  const u = e.user;
  const user = userProperties(u);
  return {
    uuid: uuidOf(e.key, e.tsMs),
    event_id: eventId,
    event_type: e.type,
    event_time: exportTime(e.tsMs),
    server_received_time: exportTime(upload - 20),
    server_upload_time: exportTime(upload),
    client_event_time: exportTime(e.tsMs - 150),
    client_upload_time: exportTime(upload - 40),
    processed_time: exportTime(upload + 900),
    user_id: u.user_id,
    device_id: u.device_id,
    amplitude_id: u.amplitude_id,
    session_id: e.sessionId,
    app: PROJECT_ID,
    event_properties: eventProperties(e),
    user_properties: { plan: user['gp:plan'] },
    group_properties: {},
    groups: {},
    data: {},
    platform: u.platform,
    os_name: u.os_name,
    os_version: null,
    device_family: u.device_family,
    device_type: u.device_family,
    device_carrier: null,
    country: u.country,
    region: null,
    city: u.city,
    dma: null,
    language: u.language,
    ip_address: null,
    location_lat: null,
    location_lng: null,
    library: 'amplitude-ts/2.11.0',
    version_name: u.version,
    start_version: '4.12.0',
    paying: u.paying ? 'true' : null,
    $insert_id: (e.key >>> 0).toString(16).padStart(8, '0') + Math.floor(e.tsMs).toString(16),
    amplitude_attribution_ids: null,
    sample_rate: null,
  };
}

/** The ZIP for events uploaded in [startMs, endMs), or undefined when there are none (the API answers 404). */
export function exportZip(events: Iterable<ProductEvent>, startMs: number, endMs: number): Uint8Array | undefined {
  const hours = new Map<number, string[]>();
  let eventId = 0;
  for (const e of events) {
    const upload = uploadTimeOf(e);
    if (upload < startMs || upload >= endMs) continue;
    const h = Math.floor(upload / HOUR_MS);
    let lines = hours.get(h);
    if (!lines) hours.set(h, (lines = []));
    lines.push(JSON.stringify(exportLine(e, ++eventId)));
  }
  if (hours.size === 0) return undefined;
  const files: Record<string, Uint8Array> = {};
  for (const [h, lines] of hours) {
    const iso = new Date(h * HOUR_MS).toISOString();
    const name = `${PROJECT_ID}/${PROJECT_ID}_${iso.slice(0, 10)}_${Number(iso.slice(11, 13))}#0.json.gz`;
    files[name] = gzipSync(new TextEncoder().encode(lines.join('\n') + '\n'));
  }
  return zipSync(files, { level: 0 });
}
