import { ValidateIf } from 'class-validator';
import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const IS_PUBLIC = 'crm:isPublic';

/** Opens a route to anonymous callers; every other route requires authentication. */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension('x-public', true));

/**
 * Optional, but not nullable: an absent property is skipped, an explicit `null` is
 * validated (and fails), unlike class-validator's `@IsOptional()`.
 */
export const IsOptionalNotNull = () => ValidateIf((_object: unknown, value: unknown) => value !== undefined);
