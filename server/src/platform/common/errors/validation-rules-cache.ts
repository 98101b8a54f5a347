import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Lookup = Storage['getTargetValidationMetadatas'];
type ValidationMetadata = ReturnType<Lookup>[number];
type Group = Storage['groupByPropertyName'];
/** A DTO class, as class-validator types it. */
type Target = Parameters<Lookup>[0];

const REMEMBERING = Symbol('anxin.validationRulesCache');

/**
 * Makes class-validator remember, per DTO class and options, which rules apply to it, and those rules grouped by
 * property. Left alone it works them out on every validation, testing the class against every class it holds rules
 * for (an `instanceof` each, to find inherited rules), then groups them into a new object: with the app's few hundred
 * DTO classes that was about 4 % of the server's CPU on a guardian's confirmation (docs/BENCHMARKS.md). The rules are
 * fixed once the DTO modules are loaded (their decorators run then); a rule added later forgets everything
 * remembered. The lists and groupings handed out are class-validator's own results, which it only reads. Called
 * once, before the first validation (`createValidationPipe`); calling it again changes nothing.
 */
export function rememberValidationRules(storage: Storage = getMetadataStorage()): void {
  const marked = storage as Storage & { [REMEMBERING]?: true };
  if (marked[REMEMBERING]) return;
  marked[REMEMBERING] = true;
  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  const group: Group = storage.groupByPropertyName.bind(storage);
  let known = new Map<Target, Map<string, ValidationMetadata[]>>();
  // Keyed by the list remembered above: the same list (same rules) always gets the same grouping.
  let grouped = new WeakMap<ValidationMetadata[], ReturnType<Group>>();
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = optionsKey(schema, always, strictGroups, groups);
    let forTarget = known.get(target);
    if (!forTarget) known.set(target, (forTarget = new Map()));
    let rules = forTarget.get(key);
    if (!rules) forTarget.set(key, (rules = lookup(target, schema, always, strictGroups, groups)));
    return rules;
  };
  storage.groupByPropertyName = (metadata: ValidationMetadata[]) => {
    let byProperty = grouped.get(metadata);
    if (!byProperty) grouped.set(metadata, (byProperty = group(metadata)));
    return byProperty;
  };
  storage.addValidationMetadata = (metadata: ValidationMetadata) => {
    known = new Map();
    grouped = new WeakMap();
    add(metadata);
  };
}

/**
 * The options that choose a class's rules, as a key. The app validates without a schema and without groups (empty
 * groups select as none do), so that case is a two-character key; anything else is spelt out in full.
 */
function optionsKey(schema: string | undefined, always: boolean | undefined, strictGroups: boolean | undefined, groups: string[] | undefined): string {
  if (schema === undefined && (!groups || groups.length === 0)) return always ? (strictGroups ? '11' : '10') : strictGroups ? '01' : '00';
  return JSON.stringify([schema ?? null, !!always, !!strictGroups, groups ?? null]);
}
