import { ValidationFailedError } from '@app/common';
import { periodIn, resolvePeriod } from './report-period';

const fieldOf = (work: () => unknown): string | undefined => {
  try {
    work();
  } catch (error) {
    if (error instanceof ValidationFailedError) return error.fieldErrors[0].field;
    throw error;
  }
  return undefined;
};

describe('report periods', () => {
  const today = '2026-03-15';

  it.each([
    ['this_month', '2026-03-01', '2026-03-31'],
    ['last_month', '2026-02-01', '2026-02-28'],
    ['last_3_months', '2025-12-01', '2026-02-28'],
    ['last_6_months', '2025-09-01', '2026-02-28'],
    ['last_12_months', '2025-03-01', '2026-02-28'],
    ['this_year', '2026-01-01', '2026-12-31'],
    ['last_year', '2025-01-01', '2025-12-31'],
  ] as const)(
    '%s from %s to %s (whole calendar months; the current one is not in last_N_months)',
    (period, from, to) => {
      expect(resolvePeriod({ period }, today)).toEqual({ from, to });
    },
  );

  it('crosses year ends and leap days', () => {
    expect(resolvePeriod({ period: 'last_month' }, '2026-01-05')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(resolvePeriod({ period: 'this_month' }, '2028-02-10')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(resolvePeriod({ period: 'last_12_months' }, '2026-01-31')).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });

  it('defaults to this year', () => {
    expect(resolvePeriod({}, today)).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });

  it('takes today in the company time zone', () => {
    const now = new Date('2026-12-31T20:00:00Z');
    expect(periodIn({ period: 'this_year' }, 'UTC', now)).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    // Already 1 January 2027 in Kiribati (UTC+14).
    expect(periodIn({ period: 'this_year' }, 'Pacific/Kiritimati', now)).toEqual({
      from: '2027-01-01',
      to: '2027-12-31',
    });
    expect(periodIn({ period: 'last_month' }, 'Pacific/Kiritimati', now)).toEqual({
      from: '2026-12-01',
      to: '2026-12-31',
    });
  });

  it('takes custom days as given, both included, up to ten years less a day', () => {
    expect(resolvePeriod({ period: 'custom', from: '2026-02-03', to: '2026-02-03' }, today)).toEqual({
      from: '2026-02-03',
      to: '2026-02-03',
    });
    expect(resolvePeriod({ period: 'custom', from: '2016-02-29', to: '2026-02-27' }, today).to).toBe('2026-02-27');
  });

  it.each([
    [{ period: 'custom' as const, to: '2026-01-01' }, 'from'],
    [{ period: 'custom' as const, from: '2026-01-01' }, 'to'],
    [{ period: 'custom' as const, from: '2026-01-02', to: '2026-01-01' }, 'from'],
    [{ period: 'custom' as const, from: '2016-01-01', to: '2026-01-01' }, 'to'],
    [{ period: 'custom' as const, from: '2026-02-29', to: '2026-03-01' }, 'from'],
    [{ period: 'last_month' as const, to: '2026-01-01' }, 'to'],
  ])('refuses %j naming %s', (query, field) => {
    expect(fieldOf(() => resolvePeriod(query, today))).toBe(field);
  });
});
