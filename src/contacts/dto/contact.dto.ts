import { ApiProperty } from '@nestjs/swagger';
import { EMAIL_MAX, EmailField, PhoneField, TextField } from '@app/common';
import { PORTAL_PERMISSIONS, type PortalPermission } from '../../permissions/portal-permissions';

/** Column lengths of the contacts table, in characters (code points). */
const NAME_MAX = 100;
const TITLE_MAX = 100;
const PASSWORD_MIN = 10;
const PASSWORD_MAX = 200;

export class PrimaryContactDto {
  @TextField({ example: 'Anna', max: NAME_MAX, min: 1 })
  firstName: string;

  @TextField({ example: 'Berg', max: NAME_MAX, min: 1 })
  lastName: string;

  @EmailField('anna.berg@mueller-soehne.example')
  email: string;

  @PhoneField('+49 30 1234568')
  phone?: string | null;

  @TextField({ example: 'Managing director', max: TITLE_MAX, optional: true, nullable: true })
  title?: string | null;

  @TextField({
    example: 'correct horse battery staple',
    max: PASSWORD_MAX,
    min: PASSWORD_MIN,
    optional: true,
    format: 'password',
    description: 'Portal password; without it the welcome email carries a set-password link',
  })
  password?: string;
}

export class CreatedContactDto {
  @ApiProperty({ format: 'uuid', maxLength: 36 })
  id: string;
  @ApiProperty({ format: 'email', maxLength: EMAIL_MAX })
  email: string;
  @ApiProperty({ enum: PORTAL_PERMISSIONS, isArray: true, maxItems: PORTAL_PERMISSIONS.length })
  permissions: PortalPermission[];
}
