import { PORTAL_PERMISSIONS, type PortalPermission } from '../permissions/portal-permissions';

/** The company's postal address, printed on documents. */
export interface CompanyAddress {
  street: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string | null;
}

/** The company's own details, printed on documents and emails. */
export interface CompanyDetails {
  name: string | null;
  vat: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  address: CompanyAddress;
}

/** The system settings as the rest of the application reads them: every key, defaults applied. */
export interface Settings {
  allowRegistration: boolean;
  registrationRequiresApproval: boolean;
  defaultContactPermissions: PortalPermission[];
  primaryContactManagesContacts: boolean;
  /** Contacts may edit their company's details from the portal. */
  contactsMayEditCompany: boolean;
  pdfInClientLanguage: boolean;
  /** The currency marked `isDefault` (owned by the currencies module, not stored here). */
  defaultCurrency: string | null;
  defaultLanguage: string;
  timezone: string;
  company: CompanyDetails;
  portalUrl: string | null;
  paymentModes: string[];
  invoiceNumberPrefix: string;
  estimateNumberPrefix: string;
  creditNoteNumberPrefix: string;
  invoiceDueDays: number;
  estimateValidityDays: number;
}

/** The settings stored in `system_settings`, one JSON value per key. */
export type StoredSettings = Omit<Settings, 'defaultCurrency'>;
export type StoredKey = keyof StoredSettings;

export const NO_COMPANY: CompanyDetails = {
  name: null,
  vat: null,
  phone: null,
  email: null,
  website: null,
  address: { street: null, city: null, state: null, zip: null, country: null },
};

/** What a key holds while nobody has set it (`defaultLanguage` comes from the environment). */
export function storedDefaults(defaultLanguage: string): StoredSettings {
  return {
    allowRegistration: false,
    registrationRequiresApproval: true,
    defaultContactPermissions: [...PORTAL_PERMISSIONS],
    primaryContactManagesContacts: false,
    contactsMayEditCompany: false,
    pdfInClientLanguage: false,
    defaultLanguage,
    timezone: 'UTC',
    company: structuredClone(NO_COMPANY),
    portalUrl: null,
    paymentModes: ['bank', 'cash', 'card'],
    invoiceNumberPrefix: 'INV-',
    estimateNumberPrefix: 'EST-',
    creditNoteNumberPrefix: 'CN-',
    invoiceDueDays: 30,
    estimateValidityDays: 30,
  };
}

export const STORED_KEYS = Object.keys(storedDefaults('en')) as StoredKey[];

const PREFIX = 'setting.';
/** The row of each stored key in `system_settings`. */
export const rowKey = (key: StoredKey): string => `${PREFIX}${key}`;
/** Advanced by every change: the ETag of the settings. Absent until the first change. */
export const VERSION_KEY = `${PREFIX}version`;
export const INITIAL_VERSION = 1;

/** How IANA spells a zone: segments starting with a capital (`Europe/Berlin`, `America/Port-au-Prince`, `UTC`). */
export const TIME_ZONE_PATTERN = '^[A-Z][A-Za-z0-9_+-]*(/[A-Z][A-Za-z0-9_+-]*)*$';
const TIME_ZONE_SPELLING = new RegExp(TIME_ZONE_PATTERN);

/**
 * An IANA time zone the runtime knows, spelled as IANA spells it: `UTC`, a canonical name,
 * or an alias the runtime resolves (`Asia/Kolkata`, which ICU lists as `Asia/Calcutta`).
 * Intl itself ignores case, so `europe/berlin` and `EUROPE/BERLIN` are refused here.
 */
export function isTimeZone(value: string): boolean {
  if (!TIME_ZONE_SPELLING.test(value) || (value.includes('/') && value === value.toUpperCase())) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
