/**
 * Seeds the customers of the benchmark: realistic, varied and deterministic (a fixed seed),
 * inserted with multi-row INSERTs, one transaction per chunk. Search terms come from the
 * application's own `searchTerms`, so search finds what the application would index.
 */
import type { DataSource } from 'typeorm';
import { nameKey } from '../../src/contacts/contact-keys';
import { notificationsFor } from '../../src/contacts/email-notifications';
import { PORTAL_PERMISSIONS } from '../../src/permissions/portal-permissions';
import { fold } from '@app/common';
import { companyKey, searchTerms, vatKey, words } from '../../src/customer-contacts/customer-keys';
import { Random, insertRows, sqlDateTime, uuidv7At } from './bench-kit';

const COUNTRIES: ReadonlyArray<readonly [string, number]> = [
  ['US', 14],
  ['DE', 12],
  ['GB', 8],
  ['FR', 8],
  ['ES', 6],
  ['IT', 6],
  ['NL', 4],
  ['CA', 4],
  ['AT', 3],
  ['CH', 3],
  ['BE', 3],
  ['SE', 3],
  ['PL', 3],
  ['DK', 2],
  ['NO', 2],
  ['FI', 2],
  ['PT', 2],
  ['IE', 2],
  ['CZ', 2],
  ['AU', 2],
  ['MX', 2],
  ['BR', 2],
  ['JP', 1],
  ['TR', 1],
  ['GR', 1],
  ['HU', 1],
  ['RO', 1],
  ['SI', 1],
  ['LU', 1],
  ['IS', 1],
];
const EUR_COUNTRIES = new Set(['DE', 'FR', 'ES', 'IT', 'NL', 'AT', 'BE', 'FI', 'PT', 'IE', 'GR', 'SI', 'LU']);
const LANGUAGE: Record<string, string> = {
  DE: 'de',
  AT: 'de',
  CH: 'de',
  FR: 'fr',
  BE: 'fr',
  LU: 'fr',
  ES: 'es',
  MX: 'es',
};
const CITIES: Record<string, string[]> = {
  US: ['New York', 'Chicago', 'San José', 'Austin'],
  DE: ['München', 'Köln', 'Düsseldorf', 'Berlin'],
  GB: ['London', 'Manchester', 'Leeds'],
  FR: ['Paris', 'Orléans', 'Besançon', 'Lyon'],
  ES: ['Madrid', 'Málaga', 'A Coruña', 'Cádiz'],
  IT: ['Milano', 'Forlì', 'Cantù', 'Roma'],
  PL: ['Łódź', 'Kraków', 'Gdańsk'],
  SE: ['Malmö', 'Göteborg', 'Stockholm'],
  DK: ['København', 'Århus'],
  NO: ['Tromsø', 'Bodø', 'Oslo'],
  TR: ['İstanbul', 'İzmir'],
};
const SURNAMES = [
  'Müller',
  'Schröder',
  'García',
  'Núñez',
  'Łukasiewicz',
  'Østergaard',
  'Dupont',
  'Lefèvre',
  'Smith',
  'Johnson',
  'Nakamura',
  'Kowalski',
  'Rossi',
  'Ferreira',
  'Çelik',
  'Novák',
  'Björk',
  'Andersson',
  'Papadopoulos',
  "O'Brien",
  'Van der Berg',
  'Šimić',
  'Horváth',
  'Brontë',
  'Weiß',
];
const PLACES = [
  'Nordic',
  'Alpine',
  'Atlantic',
  'Baltic',
  'Pacific',
  'Iberia',
  'Bavaria',
  'Côte',
  'Zürich',
  'Rhône',
  'Sierra',
  'Metro',
  'Global',
  'United',
  'Royal',
  'Blue',
  'Green',
  'Golden',
];
const INDUSTRIES = [
  'Logistics',
  'Logistik',
  'Consulting',
  'Bäckerei',
  'Técnica',
  'Software',
  'Handel',
  'Holdings',
  'Systems',
  'Partners',
  'Trading',
  'Energía',
  'Médical',
  'Bau',
  'Immobilien',
  'Solutions',
  'Design',
  'Café',
  'Textil',
  'Automotive',
  'Pharma',
  'Foods',
  'Électrique',
  'Marine',
];
const LEGAL = [
  'GmbH',
  'S.A.',
  'Ltd',
  'AG',
  'SARL',
  'Inc.',
  '& Co. KG',
  'B.V.',
  'S.p.A.',
  'Oy',
  'AB',
  'LLC',
  'sp. z o.o.',
  's.r.o.',
  'A/S',
  'S.L.',
];
const SYLLABLES = [
  'zan',
  'tro',
  'vix',
  'mer',
  'ka',
  'lo',
  'qui',
  'dra',
  'bel',
  'nor',
  'sta',
  'phe',
  'rio',
  'gun',
  'tal',
  've',
  'xo',
  'ple',
  'mi',
  'dor',
  'cam',
  'bri',
  'sul',
  'fen',
  'ha',
  'jus',
  'wyn',
  'oke',
  'ru',
  'tek',
  'lum',
  'zor',
  'ast',
  'ne',
  'pro',
  'vel',
];
const FIRST_NAMES = [
  'Anna',
  'José',
  'Zoë',
  'Björn',
  'François',
  'Małgorzata',
  'Søren',
  'Ümit',
  'Chloé',
  'Jürgen',
  'Mary',
  'John',
  'Inés',
  'Łucja',
  'Åsa',
  'Noël',
  'Hiroshi',
  'Aoife',
  'Raphaël',
  'Oğuz',
  'Lena',
  'Marco',
];
const TITLES = ['CEO', 'CFO', 'Buyer', 'Head of Finance', 'Office Manager', null];
const GROUP_NAMES = [
  'VIP',
  'Wholesale',
  'Retail',
  'Partners',
  'Résellers Europe',
  'Öffentlicher Sektor',
  'Start-ups',
  'Enterprise',
  'Non-profit',
  'Key Accounts',
  'Newsletter',
  'Trade Fair 2024',
  'Trade Fair 2025',
  'Late Payers',
  'Distributors',
  'Healthcare',
  'Education',
  'Hospitality',
  'Manufacturing',
  'Export',
];

export interface SeededCustomers {
  customers: number;
  groupIds: string[];
  /** Customer ids by position (for detail requests). */
  sampleIds: string[];
  /** How many customers hold each company word (for choosing search words). */
  companyWordCounts: Map<string, number>;
  assignedCount: number;
  counts: Record<string, number>;
  seconds: number;
}

function coined(random: Random): string {
  const parts = random.int(2, 3);
  let word = '';
  for (let i = 0; i < parts; i++) word += random.pick(SYLLABLES);
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function companyName(random: Random): string {
  const roll = random.next();
  const legal = random.pick(LEGAL);
  if (roll < 0.35) {
    const two = random.chance(0.3) ? ` & ${random.pick(SURNAMES)}` : '';
    return `${random.pick(SURNAMES)}${two} ${random.pick(INDUSTRIES)} ${legal}`;
  }
  if (roll < 0.65) return `${random.pick(PLACES)} ${random.pick(INDUSTRIES)} ${random.pick(INDUSTRIES)} ${legal}`;
  if (roll < 0.9) return `${coined(random)} ${random.pick(INDUSTRIES)} ${legal}`;
  return `${coined(random)} ${coined(random)} ${legal}`;
}

const ascii = (text: string) => fold(text).replace(/[^a-z0-9]+/g, '');

function phoneOf(random: Random, country: string): string {
  const prefix: Record<string, string> = { US: '+1', CA: '+1', DE: '+49', GB: '+44', FR: '+33', ES: '+34', IT: '+39' };
  return `${prefix[country] ?? '+4' + random.int(0, 9)} ${random.int(10, 999)} ${random.int(100000, 9999999)}`;
}

/** The columns of a customers row, as the seed and the throughput baseline write them. */
export const CUSTOMER_COLUMNS = [
  'id',
  'company',
  'company_key',
  'vat',
  'vat_key',
  'phone',
  'website',
  'street',
  'city',
  'state',
  'zip',
  'country',
  'billing_street',
  'billing_city',
  'billing_state',
  'billing_zip',
  'billing_country',
  'has_shipping_address',
  'shipping_street',
  'shipping_city',
  'shipping_state',
  'shipping_zip',
  'shipping_country',
  'currency',
  'language',
  'active',
  'transaction_count',
  'version',
  'created_by',
  'created_at',
  'updated_at',
];
/** The columns of a contacts row, in the order the seed and the throughput baseline write them. */
export const CONTACT_COLUMNS = [
  'id',
  'customer_id',
  'first_name',
  'first_name_key',
  'last_name',
  'last_name_key',
  'email',
  'email_key',
  'phone',
  'title',
  'password_hash',
  'is_primary',
  'active',
  'permissions',
  'email_notifications',
  'last_login_at',
  'version',
  'created_at',
  'updated_at',
];

/**
 * `total` customers created over the last five years (ids UUIDv7 of their creation time),
 * ~10% inactive, in ~30 countries, USD/EUR (some unset), 0–3 of 20 groups, one primary
 * contact each, their search terms, and `viewOwnStaffId` assigned to ~1% of them. `groups`
 * seeds only the first that many of the 20 groups.
 */
export async function seedCustomers(
  dataSource: DataSource,
  options: {
    total: number;
    adminId: string;
    viewOwnStaffId: string;
    chunk?: number;
    groups?: number;
    /** At most this many contacts per customer, the first primary (default 1). */
    maxContacts?: number;
    /**
     * Instead of ~1% of the customers for `viewOwnStaffId`: `each` customers for every one of
     * `staffIds`, spread evenly over the whole list.
     */
    assignments?: { staffIds: string[]; each: number };
  },
  progress: (line: string) => void,
): Promise<SeededCustomers> {
  const started = performance.now();
  const random = new Random(20240601);
  const chunk = options.chunk ?? 5000;
  const now = Date.now();
  const span = 5 * 365 * 24 * 3600 * 1000;
  const groupIds: string[] = [];
  const groupRows = GROUP_NAMES.slice(0, options.groups ?? GROUP_NAMES.length).map((name, i) => {
    const created = sqlDateTime(new Date(now - span - 86400000 + i * 1000));
    const id = uuidv7At(now - span - 86400000 + i * 1000, i, random);
    groupIds.push(id);
    return [id, name, fold(name).trim(), created, created];
  });
  await dataSource.transaction((m) =>
    insertRows(m, 'customer_groups', ['id', 'name', 'name_key', 'created_at', 'updated_at'], groupRows),
  );
  // Uneven group sizes: a few large groups, many small.
  const groupWeights = groupIds.map((id, i) => [id, 1 / (1 + i * 0.35)] as const);
  const permissions = JSON.stringify([...PORTAL_PERMISSIONS]);
  const notifications = JSON.stringify(notificationsFor([...PORTAL_PERMISSIONS]));
  const companyWordCounts = new Map<string, number>();
  const sampleIds: string[] = [];
  const counts: Record<string, number> = {
    customers: 0,
    contacts: 0,
    customer_search_terms: 0,
    customer_group_members: 0,
    customer_admins: 0,
  };
  let assignedCount = 0;
  const assignments = options.assignments;
  const assignedSlots = assignments ? assignments.staffIds.length * assignments.each : 0;
  const assignStep = assignments ? Math.max(1, Math.floor(options.total / Math.max(1, assignedSlots))) : 0;

  for (let start = 0; start < options.total; start += chunk) {
    const end = Math.min(options.total, start + chunk);
    const customers: unknown[][] = [];
    const contacts: unknown[][] = [];
    const terms: unknown[][] = [];
    const members: unknown[][] = [];
    const admins: unknown[][] = [];
    for (let i = start; i < end; i++) {
      const createdMs = now - span + Math.floor((i / options.total) * span) + random.int(0, 999);
      const id = uuidv7At(createdMs, i, random);
      const created = sqlDateTime(new Date(createdMs));
      const company = companyName(random);
      const country = random.weighted(COUNTRIES);
      const vat = random.chance(0.8)
        ? `${country}${random.chance(0.3) ? ' ' : ''}${random.int(100000000, 999999999)}`
        : null;
      const phone = random.chance(0.85) ? phoneOf(random, country) : null;
      const domain = `${ascii(company.split(' ')[0]) || 'company'}${random.int(1, 99)}.example`;
      const city = random.pick(CITIES[country] ?? ['Springfield', 'Riverside', 'Centerville']);
      const street = `${random.pick(['Hauptstraße', 'Rue de la Paix', 'Calle Mayor', 'Main Street', 'Via Roma'])} ${random.int(1, 250)}`;
      const zip = String(random.int(10000, 99999));
      const hasShipping = random.chance(0.3);
      const currency = random.chance(0.08) ? null : EUR_COUNTRIES.has(country) ? 'EUR' : 'USD';
      const active = random.chance(0.9);
      customers.push([
        id,
        company,
        companyKey(company),
        vat,
        vatKey(vat),
        phone,
        random.chance(0.6) ? `https://www.${domain}` : null,
        street,
        city,
        null,
        zip,
        country,
        street,
        city,
        null,
        zip,
        country,
        hasShipping ? 1 : 0,
        hasShipping ? street : null,
        hasShipping ? city : null,
        null,
        hasShipping ? zip : null,
        hasShipping ? country : null,
        currency,
        LANGUAGE[country] ?? null,
        active ? 1 : 0,
        0,
        1,
        options.adminId,
        created,
        created,
      ]);
      const firstName = random.pick(FIRST_NAMES);
      const lastName = random.pick(SURNAMES);
      const email = `${ascii(firstName)}.${ascii(lastName)}.${i}@${domain}`;
      contacts.push([
        uuidv7At(createdMs, i, random),
        id,
        firstName,
        nameKey(firstName),
        lastName,
        nameKey(lastName),
        email,
        email.toLowerCase(),
        random.chance(0.5) ? phoneOf(random, country) : null,
        random.pick(TITLES),
        null,
        1,
        1,
        permissions,
        notifications,
        null,
        1,
        created,
        created,
      ]);
      const named = [{ firstName, lastName, email }];
      const extra = (options.maxContacts ?? 1) > 1 ? random.int(0, options.maxContacts! - 1) : 0;
      for (let c = 1; c <= extra; c++) {
        const more = { firstName: random.pick(FIRST_NAMES), lastName: random.pick(SURNAMES), email: '' };
        more.email = `${ascii(more.firstName)}.${ascii(more.lastName)}.${i}.${c}@${domain}`;
        named.push(more);
        contacts.push([
          uuidv7At(createdMs, i, random),
          id,
          more.firstName,
          nameKey(more.firstName),
          more.lastName,
          nameKey(more.lastName),
          more.email,
          more.email.toLowerCase(),
          random.chance(0.5) ? phoneOf(random, country) : null,
          random.pick(TITLES),
          null,
          0,
          1,
          permissions,
          notifications,
          null,
          1,
          created,
          created,
        ]);
      }
      for (const term of searchTerms({ company, vat, phone, contacts: named })) {
        terms.push([id, term]);
      }
      for (const word of new Set(words(company))) companyWordCounts.set(word, (companyWordCounts.get(word) ?? 0) + 1);
      const groupCount = random.weighted([
        [0, 35],
        [1, 35],
        [2, 20],
        [3, 10],
      ] as const);
      const chosen = new Set<string>();
      for (let g = 0; g < groupCount * 4 && chosen.size < groupCount; g++) chosen.add(random.weighted(groupWeights));
      for (const groupId of chosen) members.push([id, groupId]);
      if (assignments) {
        const slot = i / assignStep;
        if (i % assignStep === 0 && slot < assignedSlots) {
          admins.push([id, assignments.staffIds[slot % assignments.staffIds.length], created, options.adminId]);
          assignedCount++;
        }
      } else if (random.chance(0.01)) {
        admins.push([id, options.viewOwnStaffId, created, options.adminId]);
        assignedCount++;
      }
      if (i % Math.max(1, Math.floor(options.total / 20)) === 0) sampleIds.push(id);
    }
    await dataSource.transaction(async (m) => {
      await insertRows(m, 'customers', CUSTOMER_COLUMNS, customers, 400);
      await insertRows(m, 'contacts', CONTACT_COLUMNS, contacts, 500);
      await insertRows(m, 'customer_search_terms', ['customer_id', 'term'], terms, 1000);
      await insertRows(m, 'customer_group_members', ['customer_id', 'group_id'], members, 1000);
      await insertRows(m, 'customer_admins', ['customer_id', 'staff_id', 'assigned_at', 'assigned_by'], admins, 500);
    });
    counts.customers += customers.length;
    counts.contacts += contacts.length;
    counts.customer_search_terms += terms.length;
    counts.customer_group_members += members.length;
    counts.customer_admins += admins.length;
    if (end === options.total || (end / chunk) % 5 === 0) {
      progress(`  seeded ${end} / ${options.total} customers (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    }
  }
  return {
    customers: options.total,
    groupIds,
    sampleIds,
    companyWordCounts,
    assignedCount,
    counts,
    seconds: (performance.now() - started) / 1000,
  };
}
