/**
 * What a query sees of one account at a tier: the stored records, the not-yet-rolled-up tail computed
 * on the fly from the finer tier (so a series is current between maintenance runs), and holes
 * (buckets with no finer data, e.g. provider backfill) filled from the coarser tiers.
 */
import type { HistoryRecord } from './record.ts';
import { bucketize, fillHoles, tagged, weightsOf, type ViewRecord } from './rollup.ts';
import { TIER_MS, type Tier } from './segments.ts';

export interface TierSource {
  /** Stored records of the tier with from <= t < to. */
  read(tier: Tier, from: number, to: number): HistoryRecord[];
  /** Start of the newest stored record of the tier (rollups are complete up to its bucket). */
  lastT(tier: Exclude<Tier, 'raw'>): number | null;
}

export class TierViews {
  private readonly owns = new Map<Tier, HistoryRecord[]>();
  private readonly views = new Map<Tier, ViewRecord[]>();

  constructor(
    private readonly source: TierSource,
    private readonly start: number,
    private readonly end: number,
  ) {}

  /** How many records the tier has of its own over the range (before hole filling). */
  ownCount(tier: Tier): number {
    return this.own(tier).length;
  }

  /**
   * The tier's own records with holes filled from the coarser tiers (for raw, only buckets wholly in
   * the range: one straddling an edge may hold samples from outside it).
   */
  view(tier: Tier): ViewRecord[] {
    let found = this.views.get(tier);
    if (!found) {
      const own = tagged(this.own(tier), tier);
      found = tier === 'raw' ? fillHoles(own, this.view('5min').filter((c) => c.t >= this.start && c.t + TIER_MS[c.res] <= this.end)) : tier === '5min' ? fillHoles(own, tagged(this.own('hour'), 'hour')) : own;
      this.views.set(tier, found);
    }
    return found;
  }

  /** Stored records over the range plus the on-the-fly tail; no hole filling. */
  private own(tier: Tier): HistoryRecord[] {
    let found = this.owns.get(tier);
    if (!found) {
      found = tier === 'raw' ? this.source.read('raw', this.start, this.end) : this.ownBuckets(tier, this.start);
      this.owns.set(tier, found);
    }
    return found;
  }

  private ownBuckets(tier: Exclude<Tier, 'raw'>, start: number): HistoryRecord[] {
    const size = TIER_MS[tier];
    const aligned = Math.floor(start / size) * size;
    const last = this.source.lastT(tier);
    const rolledUpTo = last === null ? -Infinity : last + size;
    const stored = this.source.read(tier, aligned, Math.min(this.end, rolledUpTo));
    const from = Math.max(aligned, rolledUpTo);
    if (from >= this.end) return stored;
    const finer = tier === 'hour' ? this.ownBuckets('5min', from) : this.source.read('raw', from, this.end);
    return stored.concat(bucketize(finer, weightsOf(finer, this.end), size, from, this.end));
  }
}
