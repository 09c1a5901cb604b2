/**
 * The exposition formats through prom-client: Prometheus text 0.0.4 and OpenMetrics 1.0, chosen by
 * the scraper's Accept header. One registry per format, each with its own metric objects: prom-client
 * renames a counter in place when it renders OpenMetrics (headroom_poll_errors_total becomes the
 * family headroom_poll_errors), so a metric object shared between formats would lose its _total in
 * the text format after the first OpenMetrics scrape.
 */
import { Counter, Gauge, Registry, type RegistryContentType } from 'prom-client';
import { METRICS, type MetricKey } from './contract.ts';
import type { Samples } from './samples.ts';

export type Format = 'prometheus' | 'openmetrics';

export const CONTENT_TYPES: Record<Format, RegistryContentType> = {
  prometheus: Registry.PROMETHEUS_CONTENT_TYPE,
  openmetrics: Registry.OPENMETRICS_CONTENT_TYPE,
};

interface MediaRange {
  type: string;
  q: number;
  version?: string;
}

function parseAccept(header: string): MediaRange[] {
  return header.split(',').map((part) => {
    const [type, ...params] = part.split(';').map((s) => s.trim());
    const param = (name: string) => params.find((p) => p.toLowerCase().startsWith(`${name}=`))?.slice(name.length + 1);
    const q = Number(param('q') ?? 1);
    return { type: type.toLowerCase(), q: Number.isFinite(q) ? q : 0, version: param('version') };
  });
}

/** OpenMetrics when the client prefers it (as Prometheus does), else the text format every scraper reads. */
export function negotiate(accept: string | undefined): Format {
  if (!accept) return 'prometheus';
  const ranges = parseAccept(accept);
  const best = (match: (r: MediaRange) => boolean) => Math.max(0, ...ranges.filter(match).map((r) => r.q));
  const openMetrics = best((r) => r.type === 'application/openmetrics-text' && (r.version === undefined || r.version === '1.0.0'));
  const text = best((r) => r.type === 'text/plain' || r.type === '*/*' || r.type === 'text/*');
  return openMetrics > 0 && openMetrics >= text ? 'openmetrics' : 'prometheus';
}

export interface Exposition {
  render(samples: Samples, format: Format): Promise<string>;
}

function registryFor(format: Format, current: () => Samples): Registry<RegistryContentType> {
  const registry = new Registry<RegistryContentType>();
  registry.setContentType(CONTENT_TYPES[format]);
  for (const [key, family] of Object.entries(METRICS) as Array<[MetricKey, (typeof METRICS)[MetricKey]]>) {
    const config = { name: family.name, help: family.help, labelNames: [...family.labels], registers: [registry] };
    if (family.type === 'counter') {
      new Counter({
        ...config,
        collect() {
          this.reset();
          for (const s of current()[key]) this.inc(s.labels, s.value);
        },
      });
    } else {
      new Gauge({
        ...config,
        collect() {
          this.reset();
          for (const s of current()[key]) this.set(s.labels, s.value);
        },
      });
    }
  }
  return registry;
}

/**
 * prom-client pulls the values through collect() while it renders (today before its first await, but
 * nothing promises that), so renders take turns: each sees its own samples.
 */
export function createExposition(): Exposition {
  let samples: Samples | null = null;
  const current = () => samples!;
  const registries: Record<Format, Registry<RegistryContentType>> = { prometheus: registryFor('prometheus', current), openmetrics: registryFor('openmetrics', current) };
  let queue: Promise<unknown> = Promise.resolve();
  return {
    render(next, format) {
      const turn = queue.then(async () => {
        samples = next;
        try {
          return await registries[format].metrics();
        } finally {
          samples = null;
        }
      });
      queue = turn.catch(() => {});
      return turn;
    },
  };
}
