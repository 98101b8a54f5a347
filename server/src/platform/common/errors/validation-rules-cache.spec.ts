import { getMetadataStorage, IsInt, IsString, MaxLength, validate } from 'class-validator';
import { rememberValidationRules } from './validation-rules-cache';

class Base {
  @IsString() name!: string;
}

class Child extends Base {
  @IsInt() age!: number;
}

const lookup = (target: new () => unknown) => getMetadataStorage().getTargetValidationMetadatas(target, '', false, false, undefined);
const problems = async (o: object) => (await validate(o, { forbidUnknownValues: true })).map((e) => e.property).sort();

describe('rememberValidationRules', () => {
  beforeAll(() => rememberValidationRules());

  it('answers a class\'s rules, inherited ones included, from what it remembered', async () => {
    const first = lookup(Child);
    expect(first.map((m) => m.propertyName).sort()).toEqual(['age', 'name']);
    // The same list again: not worked out a second time.
    expect(lookup(Child)).toBe(first);
    expect(lookup(Base).map((m) => m.propertyName)).toEqual(['name']);
    expect(await problems(Object.assign(new Child(), { name: 1, age: 'x' }))).toEqual(['age', 'name']);
    expect(await problems(Object.assign(new Child(), { name: '小明', age: 9 }))).toEqual([]);
  });

  it('a rule added after a lookup is applied: what was remembered is forgotten', async () => {
    const before = lookup(Child);
    // A decorator run now (a module loaded late) on the parent class.
    MaxLength(2)(Base.prototype, 'name');
    const after = lookup(Child);
    expect(after).not.toBe(before);
    expect(after).toHaveLength(before.length + 1);
    expect(await problems(Object.assign(new Child(), { name: '王小明', age: 9 }))).toEqual(['name']);
  });

  it('options are part of what is remembered', () => {
    const withGroups = getMetadataStorage().getTargetValidationMetadatas(Child, '', false, true, ['other']);
    expect(withGroups).not.toBe(lookup(Child));
  });

  it('groups a class\'s rules by property once; no groups and empty groups are one key, other options are not', () => {
    const storage = getMetadataStorage();
    const noSchema = undefined as unknown as string; // as the app validates
    const rules = storage.getTargetValidationMetadatas(Child, noSchema, false, false, undefined);
    const grouped = storage.groupByPropertyName(rules);
    expect(Object.keys(grouped).sort()).toEqual(['age', 'name']);
    expect(storage.groupByPropertyName(rules)).toBe(grouped);
    expect(storage.getTargetValidationMetadatas(Child, noSchema, false, false, [])).toBe(rules);
    expect(storage.getTargetValidationMetadatas(Child, noSchema, true, false, undefined)).not.toBe(rules);
    expect(storage.getTargetValidationMetadatas(Child, noSchema, false, true, undefined)).not.toBe(rules);
    expect(storage.getTargetValidationMetadatas(Child, noSchema, false, false, ['other'])).not.toBe(rules);
    // A rule added later: a new list, grouped anew.
    IsInt()(Child.prototype, 'height');
    const after = storage.getTargetValidationMetadatas(Child, noSchema, false, false, undefined);
    expect(after).not.toBe(rules);
    expect(Object.keys(storage.groupByPropertyName(after)).sort()).toEqual(['age', 'height', 'name']);
  });

  it('a second call changes nothing', () => {
    const wrapped = getMetadataStorage().getTargetValidationMetadatas;
    rememberValidationRules();
    expect(getMetadataStorage().getTargetValidationMetadatas).toBe(wrapped);
  });
});
