import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Authenticated } from './authenticated.decorator';
import { CAPABILITIES, FEATURE_CAPABILITIES } from './capabilities';

export class CapabilityCatalogueDto {
  @ApiProperty({ enum: CAPABILITIES, isArray: true, maxItems: CAPABILITIES.length })
  capabilities: string[];

  @ApiProperty({
    description: 'Feature → its capabilities',
    type: 'object',
    maxProperties: 50,
    additionalProperties: {
      type: 'array',
      maxItems: 10,
      items: { type: 'string', maxLength: 20, pattern: '^[a-z_]+$' },
    },
  })
  features: Record<string, readonly string[]>;
}

@ApiTags('staff')
@Controller('permissions')
export class PermissionsController {
  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'The catalogue of staff capabilities' })
  @ApiOkResponse({ type: CapabilityCatalogueDto })
  catalogue(): CapabilityCatalogueDto {
    return { capabilities: [...CAPABILITIES], features: FEATURE_CAPABILITIES };
  }
}
