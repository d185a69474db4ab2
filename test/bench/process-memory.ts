// Issue 20 item 8: the memory a process holds, read from /proc: now (VmRSS) and
// at its peak since it started (VmHWM), which a sample taken after the load still sees.
import { readFileSync } from 'node:fs';

/** the most a process may hold at the peaks (issue 20) */
const PEAK_RSS_TARGET_MB = 300;

export interface ProcessMemory {
  rssMb: number;
  peakRssMb: number;
}

function memoryOf(pid: number): ProcessMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n');
  const mb = (field: string) =>
    Math.round(Number(status.find((l) => l.startsWith(`${field}:`))?.split(/\s+/)[1]) / 1024);
  return { rssMb: mb('VmRSS'), peakRssMb: mb('VmHWM') };
}

/** Each running process's memory by its name, and whether every peak kept to the target. */
export function memoryOfEach(pids: Record<string, number | undefined>) {
  const byProcess = Object.fromEntries(
    Object.entries(pids).flatMap(([name, pid]) => (pid ? [[name, memoryOf(pid)] as const] : [])),
  );
  return {
    byProcess,
    targetMb: PEAK_RSS_TARGET_MB,
    met: Object.values(byProcess).every((m) => m.peakRssMb <= PEAK_RSS_TARGET_MB),
  };
}
