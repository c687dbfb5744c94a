import { describe, expect, it } from 'vitest';
import { BotConfigError, parseBotConfig } from './config.js';

/** The least environment the bot starts with (the service token given, so no DATA_DIR file is read). */
const base = {
  TELEGRAM_BOT_TOKEN: '123456:ABC-DEF',
  BOT_SERVICE_TOKEN: 'a-service-token-of-24-chars',
};

describe('deadlines (BOT_API_TIMEOUT_SECONDS, BOT_REPORT_TIMEOUT_SECONDS, BOT_STOP_TIMEOUT_SECONDS)', () => {
  it('default to 30 s for a call to the server, 120 s for a report download and 20 s for a stop', () => {
    const config = parseBotConfig(base);
    expect(config.apiTimeoutMs).toBe(30_000);
    expect(config.reportTimeoutMs).toBe(120_000);
    expect(config.stopTimeoutMs).toBe(20_000);
  });

  it('take whole seconds from the environment', () => {
    const config = parseBotConfig({
      ...base,
      BOT_API_TIMEOUT_SECONDS: '5',
      BOT_REPORT_TIMEOUT_SECONDS: '3600',
      BOT_STOP_TIMEOUT_SECONDS: '1',
    });
    expect(config.apiTimeoutMs).toBe(5_000);
    expect(config.reportTimeoutMs).toBe(3_600_000);
    expect(config.stopTimeoutMs).toBe(1_000);
  });

  it.each([
    ['BOT_API_TIMEOUT_SECONDS', '0', 600],
    ['BOT_API_TIMEOUT_SECONDS', '601', 600],
    ['BOT_API_TIMEOUT_SECONDS', 'soon', 600],
    ['BOT_API_TIMEOUT_SECONDS', '1.5', 600],
    ['BOT_API_TIMEOUT_SECONDS', '', 600],
    ['BOT_REPORT_TIMEOUT_SECONDS', '-1', 3600],
    ['BOT_REPORT_TIMEOUT_SECONDS', '3601', 3600],
    ['BOT_STOP_TIMEOUT_SECONDS', '0', 600],
    ['BOT_STOP_TIMEOUT_SECONDS', '20s', 600],
  ])('%s=%j is refused, naming the variable and the range', (name, value, max) => {
    const parse = () => parseBotConfig({ ...base, [name]: value });
    expect(parse).toThrow(BotConfigError);
    expect(parse).toThrow(`${name}: a whole number of seconds from 1 to ${max}`);
  });
});

describe('where the bot keeps its state (BOT_STATE)', () => {
  it('§11 is the server by default, so several instances share sessions; files on request', () => {
    expect(parseBotConfig(base).state).toBe('server');
    expect(parseBotConfig({ ...base, BOT_STATE: 'files' }).state).toBe('files');
  });

  it.each(['disk', 'Server', ''])('BOT_STATE=%j is refused, naming the choices', (value) => {
    const parse = () => parseBotConfig({ ...base, BOT_STATE: value });
    expect(parse).toThrow(BotConfigError);
    expect(parse).toThrow('BOT_STATE: server (kept by the server, for several instances) or files');
  });
});
