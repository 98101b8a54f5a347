import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Lookup = Storage['getTargetValidationMetadatas'];
type ValidationMetadata = ReturnType<Lookup>[number];
/** A DTO class, as class-validator types it. */
type Target = Parameters<Lookup>[0];

const REMEMBERING = Symbol('anxin.validationRulesCache');

/**
 * Makes class-validator remember, per DTO class and options, which rules apply to it. Left alone it works them out on
 * every validation, testing the class against every class it holds rules for (an `instanceof` each, to find inherited
 * rules): with the app's few hundred DTO classes that was about 4 % of the server's CPU on a guardian's confirmation
 * (docs/BENCHMARKS.md). The rules are fixed once the DTO modules are loaded (their decorators run then); a rule
 * added later forgets everything remembered. The lists handed out are class-validator's own results, which it only
 * reads. Called once, before the first validation (`createValidationPipe`); calling it again changes nothing.
 */
export function rememberValidationRules(storage: Storage = getMetadataStorage()): void {
  const marked = storage as Storage & { [REMEMBERING]?: true };
  if (marked[REMEMBERING]) return;
  marked[REMEMBERING] = true;
  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  let known = new Map<Target, Map<string, ValidationMetadata[]>>();
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = JSON.stringify([schema ?? null, !!always, !!strictGroups, groups ?? null]);
    let forTarget = known.get(target);
    if (!forTarget) known.set(target, (forTarget = new Map()));
    let rules = forTarget.get(key);
    if (!rules) forTarget.set(key, (rules = lookup(target, schema, always, strictGroups, groups)));
    return rules;
  };
  storage.addValidationMetadata = (metadata: ValidationMetadata) => {
    known = new Map();
    add(metadata);
  };
}
