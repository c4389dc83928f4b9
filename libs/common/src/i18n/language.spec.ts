import { negotiateLanguage } from './language';

const SUPPORTED = ['en', 'de', 'fr', 'es'];

describe('negotiateLanguage', () => {
  it.each([
    ['de', 'de'],
    ['de-CH', 'de'],
    ['FR-ca,fr;q=0.8', 'fr'],
    ['ja, es;q=0.4, de;q=0.6', 'de'],
    ['en;q=0, es', 'es'],
    ['*', undefined],
    ['ja', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%s → %s', (header, expected) => {
    expect(negotiateLanguage(header, SUPPORTED)).toBe(expected);
  });

  it('keeps header order among equal weights', () => {
    expect(negotiateLanguage('fr, de', SUPPORTED)).toBe('fr');
  });
});
