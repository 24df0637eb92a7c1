// Median wall and CPU time of `runs` calls of `fn`, printed on one line; returns the last result.
export function measure(label, fn, runs = 7, width = 46) {
  const wall = [];
  const cpu = [];
  let result;
  for (let i = 0; i < runs; i++) {
    globalThis.gc?.();
    const c = process.cpuUsage();
    const t = performance.now();
    result = fn();
    wall.push(performance.now() - t);
    const u = process.cpuUsage(c);
    cpu.push((u.user + u.system) / 1000);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`${label.padEnd(width)} median ${median(wall).toFixed(1).padStart(7)} ms wall  ${median(cpu).toFixed(1).padStart(7)} ms cpu  (first run ${wall[0].toFixed(1)} ms)`);
  return result;
}
