import { Param, ParseUUIDPipe, applyDecorators } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { invalidField } from './errors/domain-error';

/** A path parameter that must be a UUID (documented as such); anything else is a 400 naming it. */
export function UuidParam(name: string): ParameterDecorator {
  return Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () => invalidField(name, 'isUUID'),
    }),
  );
}

export function ApiUuidParam(name: string, description: string): MethodDecorator {
  return applyDecorators(ApiParam({ name, description, schema: { type: 'string', format: 'uuid', maxLength: 36 } }));
}
