import { Injectable } from '@nestjs/common';
import { DomainError, NotFoundError } from '@app/common';
import { TransactionalConnection } from '@app/database';
import { AppConfig } from '../config/environment';
import { CustomerRegistrations, RegistrationEmailTaken } from '../customers/customer-registrations.service';
import { registrationAttemptEmail, registrationReceivedEmail, welcomeEmail } from '../mail/contact-emails';
import { MailService } from '../mail/mail.service';
import { PasswordHasher } from '../passwords/password-hasher';
import { SettingsService } from '../settings/settings.service';
import { StaffService } from '../staff/staff.service';
import { ThrottleStore } from '../throttling/throttle-store';
import type { RegisterDto } from './dto/registration.dto';

const tooManyRegistrations = (resetsInMs: number) =>
  new DomainError(
    429,
    'TOO_MANY_REGISTRATIONS',
    {},
    {},
    { 'retry-after': String(Math.max(1, Math.ceil(resetsInMs / 1000))) },
  );

/** The counter of registrations from one client address. */
const registrationsKey = (ip: string) => `portal-register:ip:${ip}`;

/**
 * Companies registering through the portal (setting `allowRegistration`). Whatever happens
 * the caller gets the same answer: a filled honeypot is discarded, and an email that already
 * belongs to a contact creates nothing but tells that contact by email (with a reset link),
 * so no answer says whether an email is known. With `registrationRequiresApproval` the new
 * customer and contact wait, inactive, for staff holding `customers.edit`, who are told by
 * email; without it the contact gets its welcome email at once. Counted per client address.
 */
@Injectable()
export class PortalRegistrations {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly registrations: CustomerRegistrations,
    private readonly settings: SettingsService,
    private readonly staff: StaffService,
    private readonly mail: MailService,
    private readonly hasher: PasswordHasher,
    private readonly throttle: ThrottleStore,
    private readonly config: AppConfig,
  ) {}

  async register(ip: string, dto: RegisterDto): Promise<void> {
    const settings = await this.settings.current();
    if (!settings.allowRegistration) throw new NotFoundError();
    const { maxPerIp, windowSeconds } = this.config.registration;
    const slot = await this.connection.transaction(() =>
      this.throttle.reserve(registrationsKey(ip), windowSeconds * 1000, maxPerIp),
    );
    if (!slot.granted) throw tooManyRegistrations(slot.resetsInMs);
    if (dto.honeypot) return;
    // Hashed whatever follows, so a known email answers after the same work as a new one.
    const passwordHash = await this.hasher.hash(dto.password);
    const pending = settings.registrationRequiresApproval;
    await this.connection.transaction(
      async () => {
        const existing = await this.registrations.contactWithEmail(dto.email);
        if (existing) {
          await this.mail.enqueue(registrationAttemptEmail(existing.contact, existing.customer));
          return;
        }
        const { customer, contact } = await this.registrations.register(
          dto,
          settings.defaultContactPermissions,
          passwordHash,
          pending,
        );
        if (!pending) {
          await this.mail.enqueue(welcomeEmail(contact, customer));
          return;
        }
        for (const member of await this.staff.activeHoldersOf('customers.edit')) {
          await this.mail.enqueue(registrationReceivedEmail(member, contact, customer));
        }
      },
      // A registration that lost the email to a concurrent one keeps nothing, and runs again as an attempt on a known email.
      { retryWhen: (error) => error instanceof RegistrationEmailTaken },
    );
  }
}
