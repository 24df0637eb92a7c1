import { describe, expect, it } from 'vitest';
import { classifyAlert } from './classify.js';
import { fellBelowUsual, resourceOf } from './direction.js';

const alert = (name: string, labels: Record<string, string> = {}) => ({ name, labels: { alertname: name, ...labels } });

describe('fellBelowUsual', () => {
  it('reads a direction label first', () => {
    expect(fellBelowUsual(alert('DockerCpuTotalPctAnomaly', { direction: 'down' }))).toBe(true);
    expect(fellBelowUsual(alert('DockerCpuTotalPctAnomaly', { direction: 'up' }))).toBe(false);
    expect(fellBelowUsual(alert('DiskReadsLow', { direction: 'up' }))).toBe(false);
  });

  it('otherwise reads the last word of the name', () => {
    expect(fellBelowUsual(alert('DockerDiskioReadOpsLow'))).toBe(true);
    expect(fellBelowUsual(alert('request_rate_below'))).toBe(true);
    expect(fellBelowUsual(alert('DockerMemoryUsageHigh'))).toBe(false);
    expect(fellBelowUsual(alert('LowTrafficWeekend'))).toBe(false);
    expect(fellBelowUsual(alert('Low'))).toBe(false);
  });

  it('takes a low reading of what is left (free, available, to expiry) for exhaustion, not a drop', () => {
    expect(fellBelowUsual(alert('NodeFilesystemSpaceLow'))).toBe(false);
    expect(fellBelowUsual(alert('SystemMemorySwapFreeLow'))).toBe(false);
    expect(fellBelowUsual(alert('KubeDeploymentReplicasAvailableLow'))).toBe(false);
    expect(fellBelowUsual(alert('MemoryAvailable', { direction: 'down' }))).toBe(false);
  });
});

describe('resourceOf', () => {
  const kindOf = (name: string) => resourceOf(alert(name), classifyAlert({ ...alert(name), annotations: {} }).keywords);

  it('names the kind of resource a reading is of, whatever part of it the rule reads', () => {
    expect(['MemoryRssLow', 'MemorySwapLow', 'MemoryLimitLow', 'ContainerOOMKilled', 'JvmHeapUsedLow'].map(kindOf)).toEqual(Array(5).fill('memory'));
    expect(['CpuUsageLow', 'CpuThrottlingLow', 'DockerCpuCore7TicksLow'].map(kindOf)).toEqual(Array(3).fill('cpu'));
    expect(['DiskReadsLow', 'FilesystemWritesLow', 'NodeInodesLow', 'DockerDiskioReadOpsLow', 'ContainerIOWaitLow'].map(kindOf)).toEqual(Array(5).fill('disk'));
    expect(['NetworkReceiveBytesLow', 'NodeNetTxLow', 'BandwidthLow'].map(kindOf)).toEqual(Array(3).fill('network'));
  });

  it('reads the cause words first, which may come from a class label when the name has none', () => {
    expect(resourceOf(alert('SaturationLow'), ['memory', 'saturation'])).toBe('memory');
  });

  it('names no kind for a reading of something else: two such rules are not two kinds of resource', () => {
    expect(kindOf('RequestsPerSecondLow')).toBeUndefined();
    expect(kindOf('QueueDepthLow')).toBeUndefined();
    expect(kindOf('IonicBuildsLow')).toBeUndefined();
  });
});
