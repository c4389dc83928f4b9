import { ApiProperty, IntersectionType, PickType } from '@nestjs/swagger';
import { TextField } from '@app/common';
import { ContactDto, PASSWORD_MAX, PASSWORD_MIN, UpdateContactDto } from '../../contacts/dto/contact.dto';
import { CustomerDto, UpdateCustomerDto } from '../../customers/dto/customer.dto';

/** The company of the signed-in contact, as the portal shows it. */
export class PortalCompanyDto extends PickType(CustomerDto, [
  'id',
  'company',
  'vat',
  'phone',
  'website',
  'address',
  'billingAddress',
  'shippingAddress',
  'currency',
  'language',
  'version',
] as const) {}

export class PortalMeDto extends PickType(ContactDto, [
  'id',
  'customerId',
  'firstName',
  'lastName',
  'email',
  'phone',
  'title',
  'isPrimary',
  'permissions',
  'emailNotifications',
  'lastLoginAt',
] as const) {
  @ApiProperty({ type: PortalCompanyDto })
  company: PortalCompanyDto;

  @ApiProperty({
    description:
      'This session was opened by an administrator logging in as the client: it lasts at most 15 minutes, cannot change the password, and what it changes is recorded with the administrator as actor',
  })
  impersonated: boolean;
}

/**
 * What a contact changes of itself: its name, phone and title, and the language its emails
 * and answers come in (its company's language, shared by the company's contacts). Never its
 * email, permissions, primary flag or active flag: those properties are refused (400).
 */
export class UpdatePortalMeDto extends IntersectionType(
  PickType(UpdateContactDto, ['firstName', 'lastName', 'phone', 'title'] as const),
  PickType(UpdateCustomerDto, ['language'] as const),
) {}

/** The company details a contact may change when the setting `contactsMayEditCompany` is on. */
export class UpdatePortalCompanyDto extends PickType(UpdateCustomerDto, [
  'company',
  'vat',
  'phone',
  'website',
  'address',
  'billingAddress',
  'shippingAddress',
  'copyBillingFromAddress',
  'copyShippingFromBilling',
] as const) {}

export class ChangePortalPasswordDto {
  @TextField({
    example: 'the password in use',
    max: PASSWORD_MAX,
    min: 1,
    format: 'password',
    anyCharacter: true,
    description: 'The password in use now',
  })
  currentPassword: string;

  @TextField({
    example: 'correct horse battery staple',
    max: PASSWORD_MAX,
    min: PASSWORD_MIN,
    format: 'password',
    description: 'The new password',
  })
  newPassword: string;
}
