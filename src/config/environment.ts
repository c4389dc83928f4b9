import 'reflect-metadata';
import { availableParallelism } from 'node:os';
import { applyDecorators } from '@nestjs/common';
import { plainToInstance, Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

export const SUPPORTED_LANGUAGES = ['en', 'de', 'fr', 'es'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** An optional integer variable within bounds, with one message for every way it can be wrong. */
function IntVar(min: number, max: number): PropertyDecorator {
  const message = `must be an integer between ${min} and ${max}`;
  return applyDecorators(
    IsOptional(),
    Type(() => Number),
    IsInt({ message }),
    Min(min, { message }),
    Max(max, { message }),
  ) as PropertyDecorator;
}

/** The environment variables the service reads, each with the rule it must satisfy. */
export class EnvironmentVariables {
  @IntVar(0, 65535)
  PORT?: number;

  @IsOptional()
  @Matches(/^(mysql|mariadb):\/\/[^/\s]+\/[A-Za-z0-9_$-]+(\?.*)?$|^sqlite:.+$/, {
    message: 'must be mysql://user:password@host:port/database or sqlite:<file>',
  })
  DATABASE_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters long' })
  JWT_SECRET?: string;

  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'must be an http(s) URL' },
  )
  APP_URL?: string;

  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must be smtp://host:port or smtps://user:password@host:port' })
  SMTP_URL?: string;

  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be redis://host:port or rediss://user:password@host:port' })
  REDIS_URL?: string;

  @IsOptional()
  @IsEmail({}, { message: 'must be an email address' })
  ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'must be at least 12 characters long' })
  @MaxLength(200, { message: 'must be at most 200 characters long' })
  ADMIN_PASSWORD?: string;

  @IsOptional()
  @IsIn(SUPPORTED_LANGUAGES, { message: `must be one of ${SUPPORTED_LANGUAGES.join(', ')}` })
  DEFAULT_LANGUAGE?: string;

  @IsOptional()
  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL?: string;

  @IntVar(1024, 104857600)
  BODY_LIMIT_BYTES?: number;

  @IntVar(1, 1000000)
  RATE_LIMIT_PER_MINUTE?: number;

  @IntVar(1, 1000)
  LOGIN_MAX_FAILURES_PER_EMAIL?: number;

  @IntVar(1, 100000)
  LOGIN_MAX_FAILURES_PER_IP?: number;

  @IntVar(1, 86400)
  LOGIN_FAILURE_WINDOW_SECONDS?: number;

  @IntVar(1, 1000)
  PASSWORD_RESET_MAX_PER_EMAIL?: number;

  @IntVar(60, 604800)
  PASSWORD_RESET_WINDOW_SECONDS?: number;

  @IntVar(1, 100000)
  REGISTRATION_MAX_PER_IP?: number;

  @IntVar(60, 604800)
  REGISTRATION_WINDOW_SECONDS?: number;

  @IntVar(1024, 4194304)
  ARGON2_MEMORY_KIB?: number;

  @IntVar(1, 20)
  ARGON2_TIME_COST?: number;

  @IntVar(0, 10)
  TRUST_PROXY_HOPS?: number;

  @IsOptional()
  @IsString()
  @MaxLength(1000, { message: 'must be at most 1000 characters long' })
  MAIL_DIR?: string;

  @IntVar(0, 3600000)
  MAIL_POLL_INTERVAL_MS?: number;

  @IntVar(10, 86400000)
  MAIL_RETRY_BASE_MS?: number;

  @IntVar(1, 100)
  MAIL_MAX_ATTEMPTS?: number;

  @IntVar(1000, 3600000)
  MAIL_LEASE_MS?: number;

  @IntVar(1, 64)
  PDF_WORKERS?: number;

  @IntVar(0, 10000)
  PDF_QUEUE_LIMIT?: number;
}

export type Language = (typeof SUPPORTED_LANGUAGES)[number];
export type LogLevel = (typeof LOG_LEVELS)[number];

export type DatabaseConfig = { type: 'sqlite'; file: string } | { type: 'mysql'; url: string };

/** The validated configuration; injectable by its class. */
export class AppConfig {
  port: number;
  database: DatabaseConfig;
  jwtSecret?: string;
  appUrl: string;
  smtpUrl?: string;
  /** Shared request-rate counters; without it each instance counts its own. */
  redisUrl?: string;
  adminEmail?: string;
  adminPassword?: string;
  defaultLanguage: Language;
  logLevel: LogLevel;
  bodyLimitBytes: number;
  rateLimitPerMinute: number;
  login: { maxFailuresPerEmail: number; maxFailuresPerIp: number; failureWindowSeconds: number };
  /** Password-reset links one address may ask for within the window (known or not). */
  passwordReset: { maxPerEmail: number; windowSeconds: number };
  registration: { maxPerIp: number; windowSeconds: number };
  argon2: { memoryKib: number; timeCost: number };
  trustProxyHops: number;
  mail: MailConfig;
  /** PDF rendering: worker threads, and how many documents may wait for one before a request is refused (503). */
  pdf: { workers: number; queueLimit: number };
}

/** The outbox worker and the embedded file transport. */
export interface MailConfig {
  /** Where emails go as `.eml` files when no SMTP_URL is set. */
  dir: string;
  /** How often this instance looks for due emails; 0 turns its worker off. */
  pollIntervalMs: number;
  /** The first retry's delay; each further one doubles it (with jitter, capped at a day). */
  retryBaseMs: number;
  /** Attempts before an email is marked failed. */
  maxAttempts: number;
  /** How long a claim holds: far longer than one send may take; then another instance sends it. */
  leaseMs: number;
}

const ENV_KEYS = [
  'PORT',
  'DATABASE_URL',
  'JWT_SECRET',
  'APP_URL',
  'SMTP_URL',
  'REDIS_URL',
  'ADMIN_EMAIL',
  'ADMIN_PASSWORD',
  'DEFAULT_LANGUAGE',
  'LOG_LEVEL',
  'BODY_LIMIT_BYTES',
  'RATE_LIMIT_PER_MINUTE',
  'LOGIN_MAX_FAILURES_PER_EMAIL',
  'LOGIN_MAX_FAILURES_PER_IP',
  'LOGIN_FAILURE_WINDOW_SECONDS',
  'PASSWORD_RESET_MAX_PER_EMAIL',
  'PASSWORD_RESET_WINDOW_SECONDS',
  'REGISTRATION_MAX_PER_IP',
  'REGISTRATION_WINDOW_SECONDS',
  'ARGON2_MEMORY_KIB',
  'ARGON2_TIME_COST',
  'TRUST_PROXY_HOPS',
  'MAIL_DIR',
  'MAIL_POLL_INTERVAL_MS',
  'MAIL_RETRY_BASE_MS',
  'MAIL_MAX_ATTEMPTS',
  'MAIL_LEASE_MS',
  'PDF_WORKERS',
  'PDF_QUEUE_LIMIT',
] as const satisfies readonly (keyof EnvironmentVariables)[];

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigurationError';
  }
}

const DEFAULT_SQLITE_FILE = 'var/crm.sqlite';

function databaseFrom(url: string | undefined): DatabaseConfig {
  if (!url) return { type: 'sqlite', file: DEFAULT_SQLITE_FILE };
  if (url.startsWith('sqlite:')) return { type: 'sqlite', file: url.slice('sqlite:'.length) };
  return { type: 'mysql', url: url.replace(/^mariadb:/, 'mysql:') };
}

/**
 * Reads and validates the environment. Every invalid variable is named in one error,
 * so an operator fixes them all in one go.
 */
export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  const known = Object.fromEntries(ENV_KEYS.map((key) => [key, emptyToUndefined(env[key])]));
  const vars = plainToInstance(EnvironmentVariables, known);
  const errors = validateSync(vars, { skipMissingProperties: false });
  if (errors.length > 0) {
    throw new ConfigurationError(
      errors
        .sort((a, b) => a.property.localeCompare(b.property))
        .map((e) => `${e.property} ${Object.values(e.constraints ?? {})[0] ?? 'is invalid'}`),
    );
  }
  const port = vars.PORT ?? 3000;
  return Object.assign(new AppConfig(), {
    port,
    database: databaseFrom(vars.DATABASE_URL),
    jwtSecret: vars.JWT_SECRET,
    appUrl: (vars.APP_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    smtpUrl: vars.SMTP_URL,
    redisUrl: vars.REDIS_URL,
    adminEmail: vars.ADMIN_EMAIL?.toLowerCase(),
    adminPassword: vars.ADMIN_PASSWORD,
    defaultLanguage: (vars.DEFAULT_LANGUAGE ?? 'en') as Language,
    logLevel: (vars.LOG_LEVEL ?? 'info') as LogLevel,
    bodyLimitBytes: vars.BODY_LIMIT_BYTES ?? 1048576,
    rateLimitPerMinute: vars.RATE_LIMIT_PER_MINUTE ?? 1200,
    login: {
      maxFailuresPerEmail: vars.LOGIN_MAX_FAILURES_PER_EMAIL ?? 5,
      maxFailuresPerIp: vars.LOGIN_MAX_FAILURES_PER_IP ?? 30,
      failureWindowSeconds: vars.LOGIN_FAILURE_WINDOW_SECONDS ?? 900,
    },
    passwordReset: {
      maxPerEmail: vars.PASSWORD_RESET_MAX_PER_EMAIL ?? 3,
      windowSeconds: vars.PASSWORD_RESET_WINDOW_SECONDS ?? 3600,
    },
    registration: {
      maxPerIp: vars.REGISTRATION_MAX_PER_IP ?? 10,
      windowSeconds: vars.REGISTRATION_WINDOW_SECONDS ?? 3600,
    },
    argon2: { memoryKib: vars.ARGON2_MEMORY_KIB ?? 19456, timeCost: vars.ARGON2_TIME_COST ?? 2 },
    trustProxyHops: vars.TRUST_PROXY_HOPS ?? 0,
    mail: {
      dir: vars.MAIL_DIR ?? 'var/mail',
      pollIntervalMs: vars.MAIL_POLL_INTERVAL_MS ?? 2000,
      retryBaseMs: vars.MAIL_RETRY_BASE_MS ?? 30000,
      maxAttempts: vars.MAIL_MAX_ATTEMPTS ?? 8,
      leaseMs: vars.MAIL_LEASE_MS ?? 120000,
    },
    pdf: {
      workers: vars.PDF_WORKERS ?? Math.max(1, Math.min(4, availableParallelism() - 1)),
      queueLimit: vars.PDF_QUEUE_LIMIT ?? 32,
    },
  });
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
