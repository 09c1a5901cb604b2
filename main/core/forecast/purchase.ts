/** How much more capacity a provider says can be bought (Retell's remaining purchase limit). */
import type { Snapshot } from '../../model/provider.ts';

/** Capacity still purchasable, or null when the provider does not say. */
export function purchasableOf(snapshot: Snapshot | undefined): number | null {
  const x = snapshot?.extras;
  if (x?.provider !== 'retell') return null;
  if (x.remainingPurchase !== undefined) return x.remainingPurchase;
  // remaining_purchase_limit is documented as concurrency_purchase_limit - purchased_concurrency.
  if (x.purchaseLimit !== undefined && x.purchased !== undefined) return Math.max(0, x.purchaseLimit - x.purchased);
  return null;
}
