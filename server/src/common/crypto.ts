import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** SHA-256 hex of a random token; tokens are high-entropy, so a fast hash is the right tool. */
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** A random URL-safe token of `bytes` bytes of entropy. */
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** Constant-time string comparison. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const KEY_ID_BYTES = 4;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM for order credentials (R-ORD-4). Envelope: key id (4) ‖ iv (12) ‖ tag (16) ‖ ciphertext.
 * The key id lets old ciphertexts be read after a rotation; new ones always use the current key.
 */
export class CredentialCipher {
  private readonly keys = new Map<string, Buffer>();
  private readonly currentId: Buffer;
  private readonly current: Buffer;

  constructor(currentKeyBase64: string, previousKeysBase64: string[] = []) {
    this.current = Buffer.from(currentKeyBase64, 'base64');
    if (this.current.length !== 32) throw new Error('the credentials key must be 32 bytes');
    this.currentId = CredentialCipher.keyId(this.current);
    this.keys.set(this.currentId.toString('hex'), this.current);
    for (const k of previousKeysBase64) {
      const key = Buffer.from(k, 'base64');
      this.keys.set(CredentialCipher.keyId(key).toString('hex'), key);
    }
  }

  private static keyId(key: Buffer): Buffer {
    return createHash('sha256').update(key).digest().subarray(0, KEY_ID_BYTES);
  }

  encrypt(plain: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([this.currentId, iv, cipher.getAuthTag(), body]);
  }

  decrypt(envelope: Buffer): string {
    const id = envelope.subarray(0, KEY_ID_BYTES).toString('hex');
    const key = this.keys.get(id);
    if (!key) throw new Error('credentials were encrypted with a key that is not configured');
    const iv = envelope.subarray(KEY_ID_BYTES, KEY_ID_BYTES + IV_BYTES);
    const tag = envelope.subarray(KEY_ID_BYTES + IV_BYTES, KEY_ID_BYTES + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([
      decipher.update(envelope.subarray(KEY_ID_BYTES + IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }

  /** True when the envelope was written with an older key and should be re-encrypted. */
  isStale(envelope: Buffer): boolean {
    return !envelope.subarray(0, KEY_ID_BYTES).equals(this.currentId);
  }
}
