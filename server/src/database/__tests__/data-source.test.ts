import { describe, expect, it } from 'vitest';
import { withConnectionSettings } from '../data-source.js';

describe('withConnectionSettings', () => {
  it('adds READ COMMITTED as the connection default', () => {
    const u = new URL(withConnectionSettings('postgres://app:s%40cret@db.example.com:5433/helpdesk'));
    expect(u.searchParams.get('options')).toBe('-c default_transaction_isolation=read\\ committed');
    expect(`${u.username}:${u.password}@${u.host}${u.pathname}`).toBe('app:s%40cret@db.example.com:5433/helpdesk');
  });

  it('keeps the options and parameters the URL has', () => {
    const u = new URL(
      withConnectionSettings(
        'postgres:///helpdesk?host=/var/run/postgresql&options=-c%20search_path%3Dhelpdesk&sslmode=disable',
      ),
    );
    expect(u.searchParams.get('options')).toBe(
      '-c search_path=helpdesk -c default_transaction_isolation=read\\ committed',
    );
    expect(u.searchParams.get('host')).toBe('/var/run/postgresql');
    expect(u.searchParams.get('sslmode')).toBe('disable');
  });

  it("names the process on its connections, so that it can tell its own commits' NOTIFYs", () => {
    const u = new URL(withConnectionSettings('postgres://app@db/helpdesk', 'a1b2c3'));
    expect(u.searchParams.get('options')).toBe(
      '-c default_transaction_isolation=read\\ committed -c itsupport.instance=a1b2c3',
    );
    expect(() => withConnectionSettings('postgres://app@db/helpdesk', 'a b')).toThrow(/bad instance id/);
  });
});
