import { describe, expect, it } from 'vitest';
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
  it('names what a reading is of by its cause words, else by its rule', () => {
    expect(resourceOf(alert('DockerCpuCore7TicksLow'), ['cpu'])).toBe('cpu');
    expect(resourceOf(alert('DiskWritesLow'), ['disk', 'write'])).toBe('disk+write');
    expect(resourceOf(alert('RequestsPerSecondLow'), [])).toBe('RequestsPerSecondLow');
  });
});
