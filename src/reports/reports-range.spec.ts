import { splitRange } from './reports.repository';

describe('splitRange: whole months from the revenue table, the rest from the documents', () => {
  it('answers whole months alone for a range of whole months', () => {
    expect(splitRange({ from: '2025-12-01', to: '2026-11-30' })).toEqual({
      months: { monthFrom: 202512, monthTo: 202611 },
      days: [],
    });
    expect(splitRange({ from: '2024-02-01', to: '2024-02-29' })).toEqual({
      months: { monthFrom: 202402, monthTo: 202402 },
      days: [],
    });
  });

  it('leaves the days of the months covered in part at either end', () => {
    expect(splitRange({ from: '2026-01-15', to: '2026-03-10' })).toEqual({
      months: { monthFrom: 202602, monthTo: 202602 },
      days: [
        { from: '2026-01-15', to: '2026-01-31' },
        { from: '2026-03-01', to: '2026-03-10' },
      ],
    });
    expect(splitRange({ from: '2025-12-31', to: '2027-01-01' })).toEqual({
      months: { monthFrom: 202601, monthTo: 202612 },
      days: [
        { from: '2025-12-31', to: '2025-12-31' },
        { from: '2027-01-01', to: '2027-01-01' },
      ],
    });
  });

  it('answers days alone when no month is covered whole', () => {
    expect(splitRange({ from: '2026-01-31', to: '2026-02-01' })).toEqual({
      months: null,
      days: [{ from: '2026-01-31', to: '2026-02-01' }],
    });
    expect(splitRange({ from: '2026-02-01', to: '2026-02-27' })).toEqual({
      months: null,
      days: [{ from: '2026-02-01', to: '2026-02-27' }],
    });
  });
});
