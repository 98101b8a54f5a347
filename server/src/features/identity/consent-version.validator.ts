import { registerDecorator, type ValidationArguments } from 'class-validator';
import { CONSENT_KINDS, CONSENT_VERSIONS, isKnownConsentVersion } from '@anxin/shared';

/** Every known version of any consent kind (the OpenAPI enum; the per-kind check is IsKnownConsentVersion). */
export const ALL_CONSENT_VERSIONS = [...new Set(CONSENT_KINDS.flatMap((k) => CONSENT_VERSIONS[k]))];

/**
 * A consent `version` must be a text version of the consent kind named by `kindField` of the same body (or of the
 * fixed `kind`), as listed in CONSENT_VERSIONS: a consent records which text was read, so an unknown one is a 400.
 */
export function IsKnownConsentVersion(kind: { field: string } | { fixed: (typeof CONSENT_KINDS)[number] } = { field: 'kind' }): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isKnownConsentVersion',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const named = 'fixed' in kind ? kind.fixed : (args.object as Record<string, unknown>)[kind.field];
          // An unknown kind is the kind field's error; its version cannot be judged and is not reported twice.
          if (!(CONSENT_KINDS as readonly unknown[]).includes(named)) return true;
          return isKnownConsentVersion(named, value);
        },
        defaultMessage: () => '未知的同意书版本',
      },
    });
  };
}
