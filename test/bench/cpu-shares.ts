// Where the cores go while a load runs: the CPU time of every process on the
// machine, read from /proc before and after, grouped by program (a platform
// service by its folder, the benchmark's own load generator, nats-server,
// postgres, haproxy…). A profile at the level of processes, which is what a
// cluster on one machine changes (issue 17).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

/** The program a process runs, as a label: `gateway` for services/gateway/dist/main.js, else its command name. */
function programOf(pid: string): string | undefined {
  try {
    if (pid === String(process.pid)) return 'load generator (this benchmark)';
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const service = cmdline.map((a) => /services\/([a-z]+)\/dist\/main\.js$/.exec(a)?.[1]).find(Boolean);
    if (service) return service;
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined; // gone meanwhile
  }
}

/** CPU seconds so far (user + system) of every live process, by pid, with its program. */
function snapshot(): Map<string, { program: string; seconds: number }> {
  const taken = new Map<string, { program: string; seconds: number }>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // the fields after the command name, which is in parentheses and may hold spaces
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      const program = programOf(pid);
      if (program) taken.set(pid, { program, seconds: ticks / TICKS_PER_SECOND });
    } catch {
      // the process ended between the listing and the read
    }
  }
  return taken;
}

export interface CpuShares {
  wallSeconds: number;
  /** CPU seconds used by each program during the work, the largest first, with its share of all used */
  byProgram: { program: string; cpuSeconds: number; share: number }[];
  /** all CPU seconds used, over the wall time: at most the number of cores */
  coresBusy: number;
}

/** Runs `work` and reports which programs used the CPU meanwhile. */
export async function cpuShares<T>(work: () => Promise<T>): Promise<{ result: T; cpu: CpuShares }> {
  const before = snapshot();
  const started = performance.now();
  const result = await work();
  const wallSeconds = (performance.now() - started) / 1000;
  const used = new Map<string, number>();
  for (const [pid, now] of snapshot()) {
    const delta = now.seconds - (before.get(pid)?.seconds ?? 0);
    if (delta > 0) used.set(now.program, (used.get(now.program) ?? 0) + delta);
  }
  const total = [...used.values()].reduce((a, b) => a + b, 0);
  const byProgram = [...used]
    .map(([program, cpuSeconds]) => ({
      program,
      cpuSeconds: +cpuSeconds.toFixed(2),
      share: +(cpuSeconds / total).toFixed(3),
    }))
    .filter((p) => p.share >= 0.005)
    .sort((a, b) => b.cpuSeconds - a.cpuSeconds);
  return {
    result,
    cpu: { wallSeconds: +wallSeconds.toFixed(1), byProgram, coresBusy: +(total / wallSeconds).toFixed(2) },
  };
}
