import { ApiProperty, PickType } from '@nestjs/swagger';
import { COMPANY_MAX, TextField } from '@app/common';
import { PASSWORD_MAX, PASSWORD_MIN, PrimaryContactDto } from '../../contacts/dto/contact.dto';

/** A company registering through the portal with its first contact, who becomes its primary contact. */
export class RegisterDto extends PickType(PrimaryContactDto, ['firstName', 'lastName', 'email', 'phone'] as const) {
  @TextField({ example: 'Weber Logistik GmbH', max: COMPANY_MAX, min: 1 })
  company: string;

  @TextField({
    example: 'correct horse battery staple',
    max: PASSWORD_MAX,
    min: PASSWORD_MIN,
    format: 'password',
    description: 'The portal password of the new contact',
  })
  password: string;

  @TextField({
    max: 200,
    optional: true,
    anyCharacter: true,
    pattern: '^[\\s\\S]*$',
    example: '',
    description: 'Leave empty: a field people never see, which bots fill in. A registration with it is discarded.',
  })
  honeypot?: string;
}

export class RegistrationReceivedDto {
  @ApiProperty({
    enum: ['received'],
    description: 'Always the same, whatever happened: no answer tells whether an email is known',
  })
  status: 'received';
}
