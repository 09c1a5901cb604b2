/**
 * A real Prometheus (Debian's package) for tests: loopback only, a throwaway storage dir, queried
 * through its HTTP API. Tests skip with one line when the binary is missing; CI installs it.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { closedPort } from './simulator.ts';
import { waitFor } from './headroom-process.ts';

export const PROMETHEUS = '/usr/bin/prometheus';
export const PROMTOOL = '/usr/bin/promtool';

export const prometheusMissing = () => (existsSync(PROMETHEUS) && existsSync(PROMTOOL) ? null : 'Prometheus is not installed (apt install prometheus): skipped');

export interface VectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface RunningPrometheus {
  url: string;
  /** An instant query; throws on a query error. */
  query(expr: string): Promise<VectorSample[]>;
  /** Metric metadata as Prometheus learned it from the scrapes, by metric family name. */
  metadata(): Promise<Record<string, Array<{ type: string; help: string }>>>;
  stop(): Promise<void>;
}

/** Starts Prometheus on `config` (YAML text, written with the given files into dir) and waits until it is ready. */
export async function startPrometheus(dir: string, config: string, files: Record<string, string> = {}): Promise<RunningPrometheus> {
  mkdirSync(join(dir, 'data'), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'prometheus.yml'), config);
  const port = await closedPort();
  const child = spawn(PROMETHEUS, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.setEncoding('utf8').on('data', (t: string) => (log += t));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  const url = `http://127.0.0.1:${port}`;
  await waitFor('Prometheus ready', async () => {
    if (gone) throw new Error(`Prometheus exited:\n${log}`);
    const res = await fetch(`${url}/-/ready`).catch(() => null);
    return res?.ok ? true : undefined;
  });
  return {
    url,
    async query(expr) {
      const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
      const body = (await res.json()) as { status: string; error?: string; data?: { resultType: string; result: VectorSample[] } };
      if (body.status !== 'success') throw new Error(`query ${expr}: ${body.error}`);
      return body.data!.resultType === 'vector' ? body.data!.result : [];
    },
    async metadata() {
      const body = (await (await fetch(`${url}/api/v1/metadata`)).json()) as { data: Record<string, Array<{ type: string; help: string }>> };
      return body.data;
    },
    async stop() {
      if (!gone) child.kill('SIGTERM');
      await exited;
    },
  };
}
