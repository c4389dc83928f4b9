import { EmailField, TextField } from '@app/common';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../contacts/dto/contact.dto';
import { LINK_TOKEN_LENGTH, LINK_TOKEN_PATTERN } from '../../one-time-links/one-time-links.service';

export class ForgotPasswordDto {
  @EmailField('anna.berg@example.com')
  email: string;
}

export class ResetPasswordDto {
  @TextField({
    max: LINK_TOKEN_LENGTH,
    min: LINK_TOKEN_LENGTH,
    pattern: LINK_TOKEN_PATTERN.source,
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
