import { isDeadlock, isDuplicateKey } from './db-errors';

describe('database error predicates', () => {
  it('recognise a duplicate key on SQLite and MariaDB, directly or wrapped by TypeORM', () => {
    expect(isDuplicateKey({ code: 'SQLITE_CONSTRAINT_UNIQUE' })).toBe(true);
    expect(isDuplicateKey({ driverError: { code: 'ER_DUP_ENTRY', errno: 1062 } })).toBe(true);
    expect(isDuplicateKey({ errno: 1062 })).toBe(true);
    expect(isDuplicateKey({ code: 'SQLITE_BUSY' })).toBe(false);
    expect(isDuplicateKey(new Error('x'))).toBe(false);
  });
  it('recognise an InnoDB deadlock victim and nothing else', () => {
    expect(isDeadlock({ driverError: { errno: 1213 } })).toBe(true);
    expect(isDeadlock({ code: 'ER_LOCK_DEADLOCK' })).toBe(true);
    expect(isDeadlock({ errno: 1205 })).toBe(false); // lock wait timeout: not retried
    expect(isDeadlock(null)).toBe(false);
  });
});
