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

  it('a second call changes nothing', () => {
    const wrapped = getMetadataStorage().getTargetValidationMetadatas;
    rememberValidationRules();
    expect(getMetadataStorage().getTargetValidationMetadatas).toBe(wrapped);
  });
});
