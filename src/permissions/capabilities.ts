/**
 * The staff capability catalogue: per feature, which of `view` (all records), `view_own`
 * (records of assigned customers), `create`, `edit`, `delete` exist. Administrators hold
 * every capability.
 */
export const FEATURE_CAPABILITIES = {
  customers: ['view', 'view_own', 'create', 'edit', 'delete'],
  invoices: ['view', 'view_own', 'create', 'edit', 'delete'],
  estimates: ['view', 'view_own', 'create', 'edit', 'delete'],
  payments: ['view', 'view_own', 'create', 'edit', 'delete'],
  credit_notes: ['view', 'view_own', 'create', 'edit'],
  tickets: ['view', 'view_own', 'create', 'edit', 'delete'],
  reports: ['view'],
  settings: ['view', 'edit'],
  staff: ['view', 'create', 'edit', 'delete'],
  email_templates: ['view', 'edit'],
  emails: ['view', 'edit'],
} as const;

type Features = typeof FEATURE_CAPABILITIES;
export type Feature = keyof Features;
export type Capability = { [F in Feature]: `${F}.${Features[F][number]}` }[Feature];

export const CAPABILITIES: readonly Capability[] = Object.entries(FEATURE_CAPABILITIES).flatMap(([feature, caps]) =>
  caps.map((cap) => `${feature}.${cap}` as Capability),
);

const KNOWN = new Set<string>(CAPABILITIES);

export function isCapability(value: unknown): value is Capability {
  return typeof value === 'string' && KNOWN.has(value);
}

/** Stored capability lists are filtered through the catalogue, in catalogue order. */
export function normaliseCapabilities(values: readonly string[]): Capability[] {
  const wanted = new Set(values);
  return CAPABILITIES.filter((c) => wanted.has(c));
}
