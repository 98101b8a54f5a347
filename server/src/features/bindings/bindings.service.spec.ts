import { sameName } from './bindings.service';

describe('sameName', () => {
  it('ignores spaces and middle dots, nothing else', () => {
    expect(sameName('王小明', '王 小明')).toBe(true);
    expect(sameName('王小明', '王小明\u3000')).toBe(true);
    expect(sameName('阿依古丽·买买提', '阿依古丽买买提')).toBe(true);
    expect(sameName('王小明', '王晓明')).toBe(false);
    expect(sameName('王小明', '王*明')).toBe(false);
    expect(sameName('', ' ')).toBe(false);
  });
});
