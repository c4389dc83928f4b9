import { addDays, isDay, todayIn } from './days';

describe('days', () => {
  it("gives today's date in each time zone, whichever zones were asked before", () => {
    // 2026-03-01 02:30 UTC: still February in New York, already March in Tokyo.
    const now = new Date(Date.UTC(2026, 2, 1, 2, 30));
    for (let round = 0; round < 3; round++) {
      expect(todayIn('America/New_York', now)).toBe('2026-02-28');
      expect(todayIn('Asia/Tokyo', now)).toBe('2026-03-01');
      expect(todayIn('UTC', now)).toBe('2026-03-01');
    }
  });

  it('keeps answering for more time zones than it keeps formatters for', () => {
    const zones = Intl.supportedValuesOf('timeZone').slice(0, 100);
    const now = new Date(Date.UTC(2026, 5, 15, 12));
    for (const zone of zones) expect(isDay(todayIn(zone, now))).toBe(true);
    expect(todayIn('Pacific/Kiritimati', new Date(Date.UTC(2026, 5, 15, 11)))).toBe('2026-06-16');
  });

  it('adds days across months and stops after the year 9999', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('9999-12-31', 1)).toBeNull();
  });
});
