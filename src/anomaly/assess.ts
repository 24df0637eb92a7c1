import { Detector, type PointScore, scoreOfSurprise } from './detector.js';

export interface Point {
  time: number;
  value: number;
}

/** How unusual a series has been lately, against its own history. */
export interface Assessment {
  /** The highest score in the recent window (0..1). */
  score: number;
  anomalous: boolean;
  /** At the most unusual recent point: what it was, what was expected and the usual spread. */
  actual: number;
  expected: number;
  band: number;
  direction: 'up' | 'down' | 'none';
  /** When the episode holding the most unusual point began (ms), or null. */
  since: number | null;
  /** Which view of the detector found it (step, level, seasonal, ...). */
  view: string;
}

/**
 * Run the detector over a series' history and judge its last `recentMs`. A point's score here is
 * its surprise without the alarm hold: the hold keeps one episode from raising many alarms in a
 * stream, but "is it still unusual now?" must stay true for as long as the episode lasts.
 * An episode is a run of points at or above the threshold; of equally unusual points the latest
 * counts, so a blip hours ago does not stand for an incident that is going on now.
 */
export function assessSeries(points: Point[], options: { recentMs: number; threshold: number }): Assessment {
  const detector = new Detector();
  const end = points.at(-1)?.time ?? 0;
  const start = end - options.recentMs;
  let worst: Assessment = { score: 0, anomalous: false, actual: NaN, expected: NaN, band: NaN, direction: 'none', since: null, view: 'none' };
  let episodeStart: number | null = null;
  for (const p of points) {
    if (!Number.isFinite(p.value)) continue;
    detector.push(p.time, p.value);
    if (p.time < start) continue;
    const why = detector.explain();
    const score = scoreOfSurprise(why.surprise);
    const inEpisode = score >= options.threshold;
    if (!inEpisode) episodeStart = null;
    else episodeStart ??= p.time;
    if (score >= worst.score && score > 0) {
      worst = {
        score,
        anomalous: inEpisode,
        actual: p.value,
        expected: why.expected,
        band: why.band,
        direction: directionOf(why, p.value),
        since: episodeStart,
        view: why.view,
      };
    }
  }
  return worst;
}

/**
 * Which side of its usual value the signal is on. The volatility view's sign says whether the
 * swings grew, not where the value went: a rate that collapsed must not read "up" because its
 * fall was a large step, so for that view the side comes from the value against the band.
 */
export function directionOf(why: PointScore, value: number): Assessment['direction'] {
  const sign = why.view === 'volatility' ? (Math.abs(value - why.expected) > why.band ? Math.sign(value - why.expected) : 0) : why.direction;
  return sign > 0 ? 'up' : sign < 0 ? 'down' : 'none';
}
