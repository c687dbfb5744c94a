import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../config.js';
import { agendaConnections } from '../agenda.js';

const KEY = Buffer.alloc(32, 7).toString('base64');

describe('job configuration', () => {
  it('runs the jobs in the server by default; JOBS_ENABLED=false leaves them to a worker', () => {
    expect(parseConfig({}).jobsEnabled).toBe(true);
    expect(parseConfig({ JOBS_ENABLED: 'false' }).jobsEnabled).toBe(false);
    expect(() => parseConfig({ JOBS_ENABLED: 'sometimes' })).toThrow(ConfigError);
  });

  it('AGENDA_MONGO_URL must be a MongoDB URL', () => {
    expect(parseConfig({ AGENDA_MONGO_URL: 'mongodb://db:27017/jobs' }).agendaMongoUrl).toBe('mongodb://db:27017/jobs');
    expect(parseConfig({ AGENDA_MONGO_URL: 'mongodb+srv://cluster/jobs' }).agendaMongoUrl).toBeDefined();
    expect(() => parseConfig({ AGENDA_MONGO_URL: 'postgres://x/y' })).toThrow(/AGENDA_MONGO_URL="postgres:\/\/x\/y"/);
  });

  it('counts Agenda’s connections into the embedded database’s limit (extra ones are dropped, not queued)', () => {
    expect(agendaConnections(parseConfig({}))).toBe(2);
    expect(agendaConnections(parseConfig({ DATABASE_URL: 'postgres://h/db', ENCRYPTION_KEY: KEY }))).toBe(4);
    expect(agendaConnections(parseConfig({ AGENDA_MONGO_URL: 'mongodb://db/jobs' }))).toBe(0);
  });
});
