import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { StaffAndAuth1764000100000 } from './1764000100000-staff-and-auth';
import { Customers1764000200000 } from './1764000200000-customers';
import { IdempotencyKeys1764000300000 } from './1764000300000-idempotency-keys';
import { AuditAndNotes1764000400000 } from './1764000400000-audit-and-notes';
import { ContactSearch1764000500000 } from './1764000500000-contact-search';
import { EmailOutbox1764000600000 } from './1764000600000-email-outbox';
import { EmailTemplatesAndLinks1764000700000 } from './1764000700000-email-templates-and-links';
import { Invoices1764000800000 } from './1764000800000-invoices';
import { Payments1764000900000 } from './1764000900000-payments';
import { Estimates1764001000000 } from './1764001000000-estimates';
import { CreditNotes1764001100000 } from './1764001100000-credit-notes';
import { StaffGuards1764001200000 } from './1764001200000-staff-guards';
import { SessionGenerations1764001300000 } from './1764001300000-session-generations';
import { CustomerDuplicateClaims1764001400000 } from './1764001400000-customer-duplicate-claims';
import { IdempotencyAnswers1764001500000 } from './1764001500000-idempotency-answers';
import { LinksBoundToAddress1764001600000 } from './1764001600000-links-bound-to-address';
import { CurrencyInUse1764001700000 } from './1764001700000-currency-in-use';
import { ReportIndexes1764001800000 } from './1764001800000-report-indexes';
import { PortalSignIn1764001900000 } from './1764001900000-portal-sign-in';
import { RevenueMonths1764002100000 } from './1764002100000-revenue-months';
import { EmailAttachments1764002200000 } from './1764002200000-email-attachments';
import { DocumentNumberOrder1764002300000 } from './1764002300000-document-number-order';
import { EstimateResponses1764002400000 } from './1764002400000-estimate-responses';

/** Every migration, oldest first; the same list runs on MySQL and SQLite. */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  StaffAndAuth1764000100000,
  Customers1764000200000,
  IdempotencyKeys1764000300000,
  AuditAndNotes1764000400000,
  ContactSearch1764000500000,
  EmailOutbox1764000600000,
  EmailTemplatesAndLinks1764000700000,
  Invoices1764000800000,
  Payments1764000900000,
  Estimates1764001000000,
  CreditNotes1764001100000,
  StaffGuards1764001200000,
  SessionGenerations1764001300000,
  CustomerDuplicateClaims1764001400000,
  IdempotencyAnswers1764001500000,
  LinksBoundToAddress1764001600000,
  CurrencyInUse1764001700000,
  ReportIndexes1764001800000,
  PortalSignIn1764001900000,
  RevenueMonths1764002100000,
  EmailAttachments1764002200000,
  DocumentNumberOrder1764002300000,
  EstimateResponses1764002400000,
];
