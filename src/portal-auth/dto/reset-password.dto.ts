import { EmailField, TextField } from '@app/common';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../contacts/dto/contact.dto';

export class ForgotPasswordDto {
  @EmailField('anna.berg@example.com')
  email: string;
}

export class ResetPasswordDto {
  @TextField({
    max: 43,
    min: 43,
    pattern: '^[A-Za-z0-9_-]{43}$',
    example: 'q3Vb8Xd2nRk5Lm0Pz7Ws4Ty1Uh6Ge9Cf2Ai8Ko5NvQx',
    description: 'The token of the link the contact received (set-password or password-reset email)',
  })
  token: string;

  @TextField({
    max: PASSWORD_MAX,
    min: PASSWORD_MIN,
    format: 'password',
    example: 'correct horse battery staple',
    description: 'The new portal password',
  })
  password: string;
}
