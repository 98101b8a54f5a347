import { describeDatabase, parseArgs } from './cli-support';

describe('parseArgs', () => {
  it('reads valued arguments in both spellings and switches', () => {
    expect(parseArgs(['--school', 'x', '--checkpoint=c.json', '--check'], ['--school', '--checkpoint'], ['--check'])).toEqual({
      values: { '--school': 'x', '--checkpoint': 'c.json' }, flags: new Set(['--check']),
    });
  });
  it('names what is wrong', () => {
    expect(parseArgs(['--nope'], [], [])).toBe('unknown argument "--nope"');
    expect(parseArgs(['--school'], ['--school'], [])).toBe('--school needs a value');
    expect(parseArgs(['--school', '--check'], ['--school'], ['--check'])).toBe('--school needs a value');
    expect(parseArgs(['--school='], ['--school'], [])).toBe('--school needs a value');
    expect(parseArgs(['--check=yes'], [], ['--check'])).toBe('unknown argument "--check=yes"');
  });
});

describe('describeDatabase', () => {
  it('never includes the password', () => {
    const d = describeDatabase({ type: 'mariadb', url: 'x', host: 'h', port: 3306, username: 'u', password: 'hunter2', database: 'db' });
    expect(d).toBe('mariadb://u@h:3306/db');
    expect(describeDatabase({ type: 'better-sqlite3', url: 'sqlite:/a.db', file: '/a.db' })).toBe('SQLite /a.db');
  });
});
