import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeForecast, forecastJson, inAbout, type Forecast } from '../../main/model/forecast.ts';

function forecast(over: Partial<Forecast>): Forecast {
  return { accountId: 'a', computedAt: 0, limit: 50, peakDaily: 46, trendPerWeek: 3, daysToLimit: 12, reason: 'rising', days: 28, projectedPeak: 58, purchase: null, ...over };
}

describe('forecast wording', () => {
  test('a rising forecast, as the issue words it', () => {
    assert.equal(describeForecast(forecast({})), 'Daily peak 46 of 50, rising ~3 a week: limit in about 12 days.');
  });

  test('every reason says why there is or is not a forecast', () => {
    const cases: Array<[Partial<Forecast>, string]> = [
      [{ reason: 'flat', trendPerWeek: 0.2, daysToLimit: null }, 'Daily peak 46 of 50, no clear rise: no limit in sight.'],
      [{ reason: 'falling', trendPerWeek: -2.4, daysToLimit: null, peakDaily: 30 }, 'Daily peak 30 of 50, falling ~2 a week.'],
      [{ reason: 'falling', trendPerWeek: -0.5, daysToLimit: null, peakDaily: 30 }, 'Daily peak 30 of 50, falling ~0.5 a week.'],
      [{ reason: 'not-enough-history', trendPerWeek: null, daysToLimit: null, days: 3 }, 'Daily peak 46 of 50: not enough history for a forecast yet (3 days of the 7 needed).'],
      [{ reason: 'not-enough-history', trendPerWeek: null, daysToLimit: null, days: 1 }, 'Daily peak 46 of 50: not enough history for a forecast yet (1 day of the 7 needed).'],
      [{ reason: 'not-enough-history', trendPerWeek: null, daysToLimit: null, days: 0, peakDaily: 4 }, 'Daily peak 4 of 50: not enough history for a forecast yet (under a day of the 7 needed).'],
      [{ reason: 'no-cap', limit: null, trendPerWeek: null, daysToLimit: null, peakDaily: 120 }, 'Daily peak 120, no cap: nothing to forecast.'],
      [{ reason: 'no-cap', limit: null, trendPerWeek: null, daysToLimit: null, peakDaily: null }, 'No cap: nothing to forecast.'],
      [{ reason: 'not-enough-history', peakDaily: null, trendPerWeek: null, daysToLimit: null }, 'No history this week: not enough for a forecast yet.'],
      [{ reason: 'at-limit', peakDaily: 52, daysToLimit: null }, 'Daily peak 52 of 50: the limit was reached this week.'],
      [{ reason: 'at-limit', peakDaily: 0, limit: 0, daysToLimit: null }, 'Limit 0, no calls possible: nothing to forecast.'],
      [{ reason: 'beyond-horizon', limit: 500, trendPerWeek: 1.2, daysToLimit: null }, 'Daily peak 46 of 500, rising ~1.2 a week: limit not within 6 months.'],
    ];
    for (const [over, text] of cases) assert.equal(describeForecast(forecast(over)), text);
  });

  test('days, weeks, months', () => {
    assert.equal(inAbout(1), 'within a day');
    assert.equal(inAbout(2), 'in about 2 days');
    assert.equal(inAbout(13), 'in about 13 days');
    assert.equal(inAbout(14), 'in about 2 weeks');
    assert.equal(inAbout(40), 'in about 6 weeks');
    assert.equal(inAbout(120), 'in about 4 months');
  });

  test('what buying the rest would do (Retell)', () => {
    const base = { limit: 50, projectedPeak: 62 };
    assert.equal(
      describeForecast(forecast({ ...base, purchase: { remaining: 20, maxLimit: 70, coversProjectedPeak: true } })),
      'Daily peak 46 of 50, rising ~3 a week: limit in about 12 days. Buying the remaining 20 (limit 70) would cover the ~62 expected in 4 weeks.',
    );
    assert.equal(
      describeForecast(forecast({ ...base, purchase: { remaining: 5, maxLimit: 55, coversProjectedPeak: false } })),
      'Daily peak 46 of 50, rising ~3 a week: limit in about 12 days. Even the remaining 5 (limit 55) would not cover the ~62 expected in 4 weeks.',
    );
    assert.equal(
      describeForecast(forecast({ ...base, purchase: { remaining: 0, maxLimit: 50, coversProjectedPeak: false } })),
      'Daily peak 46 of 50, rising ~3 a week: limit in about 12 days. No more capacity can be bought; ~62 expected in 4 weeks.',
    );
    assert.equal(
      describeForecast(forecast({ reason: 'at-limit', peakDaily: 50, daysToLimit: null, projectedPeak: null, purchase: { remaining: 20, maxLimit: 70, coversProjectedPeak: null } })),
      'Daily peak 50 of 50: the limit was reached this week. Buying the remaining 20 would raise it to 70.',
    );
    // A limit a long way off: nothing to say about buying.
    assert.equal(describeForecast(forecast({ daysToLimit: 60, projectedPeak: 49, purchase: { remaining: 20, maxLimit: 70, coversProjectedPeak: true } })), 'Daily peak 46 of 50, rising ~3 a week: limit in about 2 months.');
  });

  test('the JSON form carries the fields and the sentence', () => {
    const json = forecastJson(forecast({}));
    assert.deepEqual(Object.keys(json), ['peakDaily', 'limit', 'trendPerWeek', 'daysToLimit', 'reason', 'days', 'projectedPeak', 'purchase', 'summary']);
    assert.equal(json.summary, 'Daily peak 46 of 50, rising ~3 a week: limit in about 12 days.');
  });
});
