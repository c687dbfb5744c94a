import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from '../password.js';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^\$2[aby]\$12\$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterz', hash)).toBe(false);
  });

  it('tells apart long passwords that differ only after 72 bytes', async () => {
    const base = 'x'.repeat(100);
    const hash = await hashPassword(base + 'a');
    expect(await verifyPassword(base + 'b', hash)).toBe(false);
  });

  it('refuses any password when there is no hash or a malformed one', async () => {
    expect(await verifyPassword('whatever it is', null)).toBe(false);
    expect(await verifyPassword('whatever it is', '$2b$12$x')).toBe(false);
  });

  it('names the allowed length', () => {
    expect(passwordProblem('short')).toMatch(/10 to 200/);
    expect(passwordProblem('x'.repeat(201))).toMatch(/10 to 200/);
    expect(passwordProblem('long enough pw')).toBeUndefined();
  });
});
