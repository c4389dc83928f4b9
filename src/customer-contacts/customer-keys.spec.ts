import { companyKey, queryWords, searchTerms, vatKey } from './customer-keys';

describe('customer normalisation', () => {
  it('folds company names: case, accents, punctuation and spacing', () => {
    expect(companyKey('Müller & Söhne GmbH')).toBe(companyKey('müller  &  söhne gmbh'));
    expect(companyKey('Müller & Söhne GmbH')).toBe('mullersohnegmbh');
    expect(companyKey('Straße-Bau, Ltd.')).toBe('strassebaultd');
    expect(companyKey('Ærø Øst')).toBe('aeroost');
    expect(companyKey('Acme')).not.toBe(companyKey('Acme 2'));
  });

  it('compares VAT numbers as letters and digits, upper-cased', () => {
    expect(vatKey('de 123.456-789')).toBe('DE123456789');
    expect(vatKey('  ')).toBeNull();
    expect(vatKey(null)).toBeNull();
  });

  it('indexes company words, VAT, phone digits and contact names and emails', () => {
    const terms = searchTerms({
      company: 'Müller & Söhne GmbH',
      vat: 'DE 123',
      phone: '+49 (30) 1234-56',
      contacts: [{ firstName: 'Anna-Lena', lastName: 'Berg', email: 'Anna.Berg@Example.com' }],
    });
    expect(terms).toEqual(
      expect.arrayContaining([
        'muller',
        'sohne',
        'gmbh',
        'de123',
        '4930123456',
        'anna',
        'lena',
        'berg',
        'anna.berg@example.com',
        'example',
        'com',
      ]),
    );
    expect(new Set(terms).size).toBe(terms.length);
  });

  it('normalises query words like the terms', () => {
    expect(queryWords('MÜLLER söhne,')).toEqual(['muller', 'sohne']);
    expect(queryWords('Anna.Berg@Example')).toEqual(['anna.berg@example']);
    expect(queryWords('anna.berg@')).toEqual(['anna.berg@']);
    expect(queryWords('+49 (30) 1234')).toEqual(['49301234']);
    expect(queryWords('Acme 2026')).toEqual(['acme', '2026']);
    expect(queryWords("'; DROP TABLE customers; --")).toEqual(['drop', 'table', 'customers']);
    expect(queryWords('a b c d e f g')).toHaveLength(5);
    expect(queryWords('   ')).toEqual([]);
  });
});
