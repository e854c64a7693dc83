import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { Profiler } from 'node:inspector';
import { round } from './stats';

/** Where on-CPU time went, by package (self time), from a V8 CPU profile. */
export interface ProfileSummary {
  file: string | null;
  sampledMs: number;
  byPackage: { name: string; ms: number; percent: number }[];
  topFunctions: { name: string; ms: number; percent: number }[];
}

function packageOf(node: Profiler.ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (!url) return functionName ? `(${functionName.replace(/[()]/g, '')})` : '(native)';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1];
  if (url.startsWith('node:')) return 'node:internals';
  if (/\/dist\/bench\//.test(url)) return 'bench (load client + probe)';
  if (/\/dist\//.test(url)) return 'renkei app code';
  return url;
}

/** Samples the CPU of this process while `fn` runs (the API and the load clients share it). */
export async function profiled<T>(
  file: string | null,
  fn: () => Promise<T>,
): Promise<{ result: T; summary: ProfileSummary }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  let result: T;
  try {
    result = await fn();
  } catch (error) {
    await session.post('Profiler.stop').catch(() => undefined);
    session.disconnect();
    throw error;
  }
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  if (file) writeFileSync(file, JSON.stringify(profile));
  return { result, summary: summariseProfile(profile, file) };
}

export function summariseProfile(profile: Profiler.Profile, file: string | null): ProfileSummary {
  const selfMs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i += 1) {
    const next = deltas[i + 1] ?? 0;
    selfMs.set(samples[i], (selfMs.get(samples[i]) ?? 0) + next / 1000);
  }
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const ms = selfMs.get(node.id) ?? 0;
    if (!ms) continue;
    total += ms;
    const pkg = packageOf(node);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
    const name = `${node.callFrame.functionName || '(anonymous)'} [${pkg}]`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
  }
  const top = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, ms]) => ({ name, ms: round(ms, 1), percent: round((ms / total) * 100, 1) }));
  return {
    file,
    sampledMs: round(total, 1),
    byPackage: top(byPackage, 15),
    topFunctions: top(byFunction, 15),
  };
}
