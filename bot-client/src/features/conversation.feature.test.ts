import type { Message } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { messageInput } from './conversation.feature.js';

const base = { message_id: 1, date: 0, chat: { id: 1, type: 'private' as const, first_name: 'A' } };
const MIB = 1024 * 1024;

describe('R-ORD-9 what the bot stores for a Telegram message', () => {
  it('reports a file’s size when the server takes it', () => {
    const doc = { file_id: 'BQ', file_unique_id: 'u', file_size: 2000 * MIB, mime_type: 'application/pdf' };
    expect(messageInput({ ...base, document: doc } as Message)).toMatchObject({
      kind: 'DOCUMENT',
      fileSize: 2000 * MIB,
      mimeType: 'application/pdf',
    });
    const photo = [{ file_id: 'AG', file_unique_id: 'p', width: 1, height: 1, file_size: 48_213 }];
    expect(messageInput({ ...base, photo } as Message)).toMatchObject({ kind: 'PHOTO', fileSize: 48_213 });
  });

  it('leaves out a size the server cannot take (a Premium user’s 3 GB document), so the file is still relayed', () => {
    const doc = { file_id: 'BQ', file_unique_id: 'u', file_size: 3000 * MIB };
    const input = messageInput({ ...base, document: doc } as Message);
    expect(input).toMatchObject({ kind: 'DOCUMENT', fileId: 'BQ' });
    expect(input).not.toHaveProperty('fileSize');
    const photo = [{ file_id: 'AG', file_unique_id: 'p', width: 1, height: 1, file_size: 11 * MIB }];
    expect(messageInput({ ...base, photo } as Message)).not.toHaveProperty('fileSize');
  });
});
