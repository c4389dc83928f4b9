import { TIME_ZONE_PATTERN, isTimeZone, storedDefaults } from './settings';

describe('isTimeZone', () => {
  it.each(['UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'America/Port-au-Prince', 'Etc/GMT+5'])(
    'accepts %s',
    (zone) => {
      expect(isTimeZone(zone)).toBe(true);
      expect(new RegExp(TIME_ZONE_PATTERN).test(zone)).toBe(true);
    },
  );

  it('accepts current names the runtime lists under an older one', () => {
    expect(isTimeZone('Asia/Kolkata')).toBe(true);
    expect(isTimeZone('Europe/Kyiv')).toBe(true);
  });

  it.each([
    'europe/berlin',
    'EUROPE/BERLIN',
    'utc',
    'Mars/Olympus_Mons',
    '+02:00',
    'Europe/Berlin ',
    '',
    'Europe//Berlin',
  ])('refuses %j', (zone) => {
    expect(isTimeZone(zone)).toBe(false);
  });
});

describe('storedDefaults', () => {
  it('takes the default language it is given and hands out copies', () => {
    const first = storedDefaults('fr');
    first.company.address.city = 'Lyon';
    first.paymentModes.push('cheque');

    const second = storedDefaults('fr');

    expect(second.defaultLanguage).toBe('fr');
    expect(second.company.address.city).toBeNull();
    expect(second.paymentModes).toEqual(['bank', 'cash', 'card']);
  });
});
