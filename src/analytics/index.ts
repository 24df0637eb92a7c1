/** Product impact from Amplitude: see README.md for the figures and how users affected is estimated. */
export {
  computeImpact, conversionPairs, windowTotal, HOUR_MS,
  type Bucket, type Comparison, type ConversionImpact, type EventImpact, type Figure, type ImpactInput, type ProductImpact, type TimeWindow, type WindowMeasure,
} from './impact.js';
export { measureImpact, dayRuns, hourlyBuckets, DEFAULT_KEY_EVENTS, DEFAULT_COMPARISONS, ACTIVE_EVENT, type ImpactRequest, type SegmentationClient } from './measure.js';
export { pastBuckets, bucketStart, type ChartBucket, type ChartSeries } from './chart.js';
