import { Type as Class } from '@nestjs/common';
import { PartialType } from '@nestjs/swagger';

const PROPERTIES = 'swagger/apiModelProperties';
const PROPERTY_LIST = 'swagger/apiModelPropertiesArray';

/**
 * The body of a PATCH: every property of `base` optional, validated only when sent
 * (an explicit `null` is checked, not skipped), and documented without the defaults of a
 * create, since a PATCH leaves whatever it omits as it is. A generated client then sends
 * only what changes.
 */
export function PatchType<T>(base: Class<T>): Class<Partial<T>> {
  const patch = PartialType(base, { skipNullProperties: false });
  const keys: string[] = Reflect.getMetadata(PROPERTY_LIST, patch.prototype) ?? [];
  for (const key of keys.map((k) => k.replace(/^:/, ''))) {
    const metadata = Reflect.getMetadata(PROPERTIES, patch.prototype, key);
    if (metadata && 'default' in metadata) {
      const { default: _ignored, ...documented } = metadata;
      Reflect.defineMetadata(PROPERTIES, documented, patch.prototype, key);
    }
  }
  return patch;
}
