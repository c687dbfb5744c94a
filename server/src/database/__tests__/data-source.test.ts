import { describe, expect, it } from 'vitest';
import { withReadCommitted } from '../data-source.js';

describe('withReadCommitted', () => {
  it('adds READ COMMITTED as the connection default', () => {
    const u = new URL(withReadCommitted('postgres://app:s%40cret@db.example.com:5433/helpdesk'));
    expect(u.searchParams.get('options')).toBe('-c default_transaction_isolation=read\\ committed');
    expect(`${u.username}:${u.password}@${u.host}${u.pathname}`).toBe('app:s%40cret@db.example.com:5433/helpdesk');
  });

  it('keeps the options and parameters the URL has', () => {
    const u = new URL(
      withReadCommitted(
        'postgres:///helpdesk?host=/var/run/postgresql&options=-c%20search_path%3Dhelpdesk&sslmode=disable',
      ),
    );
    expect(u.searchParams.get('options')).toBe(
      '-c search_path=helpdesk -c default_transaction_isolation=read\\ committed',
    );
    expect(u.searchParams.get('host')).toBe('/var/run/postgresql');
    expect(u.searchParams.get('sslmode')).toBe('disable');
  });
});
