import { Injectable } from '@nestjs/common';
import { Page, PageQueryDto, staleVersion } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { AuditEventDto, AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/environment';
import { isDefaultCurrencyRace } from '../currencies/currencies.errors';
import { CurrenciesService } from '../currencies/currencies.service';
import type { StaffActor } from '../permissions/actor';
import { SystemSettingsService } from '../system/system-settings.service';
import { SettingsDto, UpdateCompanyDto, UpdateSettingsDto } from './dto/settings.dto';
import { SettingsChangedMeanwhile } from './settings.errors';
import {
  CompanyDetails,
  INITIAL_VERSION,
  NO_COMPANY,
  STORED_KEYS,
  StoredKey,
  Settings,
  StoredSettings,
  VERSION_KEY,
  rowKey,
  storedDefaults,
} from './settings';

/** How long an instance answers errors in a default language it read before reading it again. */
export const LANGUAGE_CACHE_MS = 5_000;

export const SETTINGS_ENTITY = { entityType: 'settings', entityId: 'settings' } as const;

/** The stored JSON of a key, or its default when absent or not of the default's kind. */
function parsed<T>(raw: string | undefined, fallback: T): T {
  if (raw === undefined) return fallback;
  try {
    const value: unknown = JSON.parse(raw);
    const sameKind =
      Array.isArray(fallback) === Array.isArray(value) &&
      (fallback === null || value === null || typeof value === typeof fallback);
    return sameKind ? (value as T) : fallback;
  } catch {
    return fallback;
  }
}

/** Stored company details over the empty ones: members added later read as null. */
function companyOf(stored: CompanyDetails | null): CompanyDetails {
  return {
    ...NO_COMPANY,
    ...(stored ?? {}),
    address: { ...NO_COMPANY.address, ...(stored?.address ?? {}) },
  };
}

/** Trimmed text; blank text clears the member. */
const cleared = (value: string | null): string | null => (value === null || value.trim() === '' ? null : value.trim());

function mergedCompany(company: CompanyDetails, change: UpdateCompanyDto): CompanyDetails {
  const next = structuredClone(company);
  for (const member of ['name', 'vat', 'phone', 'email', 'website'] as const) {
    const value = change[member];
    if (value !== undefined) next[member] = cleared(value);
  }
  for (const member of ['street', 'city', 'state', 'zip', 'country'] as const) {
    const value = change.address?.[member];
    if (value !== undefined) next.address[member] = cleared(value);
  }
  return next;
}

/** The settings a change leads to: only what it sends changes. */
function applied(before: Settings, change: UpdateSettingsDto): Settings {
  const after = structuredClone(before);
  const { company, portalUrl, ...plain } = change;
  for (const [key, value] of Object.entries(plain)) {
    if (value !== undefined) Object.assign(after, { [key]: value });
  }
  if (portalUrl !== undefined) after.portalUrl = cleared(portalUrl);
  if (company !== undefined) after.company = mergedCompany(before.company, company);
  return after;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

interface Snapshot {
  settings: Settings;
  version: number;
  /** The stored version row, null while there is none. */
  versionRow: string | null;
}

/**
 * The system settings: every key with its default applied in code (a read writes nothing),
 * stored one JSON value per key in `system_settings` so every instance reads the same. The
 * default currency is the currencies module's flag, read and switched through its service.
 * Other modules read settings here, never from the table.
 */
@Injectable()
export class SettingsService {
  private language?: { value: string; readAt: number };
  private languageRead?: Promise<unknown>;

  constructor(
    private readonly connection: TransactionalConnection,
    private readonly system: SystemSettingsService,
    private readonly currencies: CurrenciesService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /** Every setting, defaults applied: two queries by key, no write. */
  async current(): Promise<Settings> {
    return (await this.snapshot()).settings;
  }

  /** Some of the stored settings, defaults applied: one query by key, no write. */
  async pick<K extends StoredKey>(keys: readonly K[]): Promise<Pick<StoredSettings, K>> {
    return this.storedIn(await this.system.getMany(keys.map(rowKey)), keys);
  }

  /** The settings with their version (the ETag). */
  async get(): Promise<SettingsDto> {
    const { settings, version } = await this.snapshot();
    return { version, ...settings };
  }

  /** The system default language, read from the database (one query by key). */
  async defaultLanguage(): Promise<string> {
    const raw = await this.system.get(rowKey('defaultLanguage'));
    const value = parsed(raw ?? undefined, this.config.defaultLanguage as string);
    this.language = { value, readAt: Date.now() };
    return value;
  }

  /**
   * The system default language without waiting for the database, for callers that cannot
   * wait (the language of an error answer): the value this instance read last, read again
   * in the background once older than LANGUAGE_CACHE_MS. Before the first read, and while
   * the database does not answer, the last known value (at first DEFAULT_LANGUAGE).
   */
  defaultLanguageNow(): string {
    const known = this.language;
    if ((!known || Date.now() - known.readAt > LANGUAGE_CACHE_MS) && !this.languageRead) {
      this.languageRead = this.defaultLanguage()
        // The database down: keep what is known and ask again after the same pause, not on every error.
        .catch(() => (this.language = { value: known?.value ?? this.config.defaultLanguage, readAt: Date.now() }))
        .finally(() => (this.languageRead = undefined));
    }
    return known?.value ?? this.config.defaultLanguage;
  }

  /**
   * Applies a partial change in one transaction: the version advances by a guarded update
   * (`If-Match` stale: 412; without it, a change committed meanwhile makes this one run
   * again on the new state, so concurrent changes of different keys all survive), the keys
   * sent are stored, the default currency moves through the currencies module, and the
   * audit trail records every field before and after.
   */
  async update(actor: StaffActor, change: UpdateSettingsDto, expectedVersion?: number): Promise<SettingsDto> {
    const result = await this.connection.transaction(
      async () => {
        const { settings: before, version, versionRow } = await this.snapshot();
        if (expectedVersion !== undefined && expectedVersion !== version) throw staleVersion(version);
        const after = applied(before, change);
        const changedKeys = STORED_KEYS.filter((key) => !same(before[key], after[key]));
        const currencyChanged = after.defaultCurrency !== before.defaultCurrency;
        if (changedKeys.length === 0 && !currencyChanged) return { version, ...before };

        if (!(await this.system.compareAndSet(VERSION_KEY, versionRow, String(version + 1)))) {
          if (expectedVersion !== undefined) throw staleVersion((await this.snapshot()).version);
          throw new SettingsChangedMeanwhile();
        }
        if (currencyChanged) await this.currencies.makeDefault(after.defaultCurrency!, 'defaultCurrency');
        await this.system.setMany(
          Object.fromEntries(changedKeys.map((key) => [rowKey(key), JSON.stringify(after[key])])),
        );
        await this.audit.record(actor, [
          { customerId: null, ...SETTINGS_ENTITY, action: 'update', before: { ...before }, after: { ...after } },
        ]);
        return { version: version + 1, ...after };
      },
      { retryWhen: (error) => error instanceof SettingsChangedMeanwhile || isDefaultCurrencyRace(error) },
    );
    this.language = { value: result.defaultLanguage, readAt: Date.now() };
    return result;
  }

  /** Changes of the settings, newest first. */
  activity(query: PageQueryDto): Promise<Page<AuditEventDto>> {
    return this.audit.forEntity(SETTINGS_ENTITY.entityType, SETTINGS_ENTITY.entityId, query);
  }

  private async snapshot(): Promise<Snapshot> {
    const rows = await this.system.getMany([...STORED_KEYS.map(rowKey), VERSION_KEY]);
    const stored: StoredSettings = this.storedIn(rows, STORED_KEYS);
    const versionRow = rows.get(VERSION_KEY) ?? null;
    const version = versionRow === null ? INITIAL_VERSION : Number(versionRow);
    // In the order of the Settings shape: the default currency beside the other defaults.
    const {
      allowRegistration,
      registrationRequiresApproval,
      defaultContactPermissions,
      primaryContactManagesContacts,
      contactsMayEditCompany,
      pdfInClientLanguage,
      ...rest
    } = stored;
    const settings: Settings = {
      allowRegistration,
      registrationRequiresApproval,
      defaultContactPermissions,
      primaryContactManagesContacts,
      contactsMayEditCompany,
      pdfInClientLanguage,
      defaultCurrency: await this.currencies.defaultCode(),
      ...rest,
    };
    return { settings, version, versionRow };
  }

  /** The stored settings `keys` among rows read by key, defaults applied and the company details complete. */
  private storedIn<K extends StoredKey>(rows: Map<string, string>, keys: readonly K[]): Pick<StoredSettings, K> {
    const defaults = storedDefaults(this.config.defaultLanguage);
    const value = (key: K) => {
      const stored = parsed(rows.get(rowKey(key)), defaults[key]);
      return key === 'company' ? companyOf(stored as CompanyDetails | null) : stored;
    };
    return Object.fromEntries(keys.map((key) => [key, value(key)])) as Pick<StoredSettings, K>;
  }
}
