import { api } from '../../api/http'
import { readMeta, writeMeta } from './db'

// A new case's student (name, ID number, student number) is sealed for the server before the phone stores it:
// a random AES-256-GCM key encrypts the JSON, the server's intake public key (RSA-OAEP, SHA-256) wraps that key.
// Only the case service can open it, so a lost phone holds no readable ID number, even for records not yet sent.

export interface SealingKey {
  keyId: string
  algorithm: string
  /** Base64 of the SubjectPublicKeyInfo (DER). */
  publicKey: string
}

export interface SealedStudent {
  keyId: string
  wrappedKey: string
  iv: string
  ciphertext: string
}

const META_KEY = 'sealingKey'

/** Reads the server's current key (when online) and keeps it for offline use; the kept one otherwise. */
export async function refreshSealingKey(): Promise<SealingKey | null> {
  try {
    const key = await api.get<SealingKey>('/api/intake/sealing-key')
    await writeMeta(META_KEY, key)
    return key
  } catch {
    return (await readMeta<SealingKey>(META_KEY)) ?? null
  }
}

export async function keptSealingKey(): Promise<SealingKey | null> {
  return (await readMeta<SealingKey>(META_KEY)) ?? null
}

export async function sealStudent(student: unknown, key: SealingKey): Promise<SealedStudent> {
  const publicKey = await crypto.subtle.importKey('spki', fromBase64(key.publicKey),
    { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['encrypt'])
  const contentKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt'])
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const plain = new TextEncoder().encode(JSON.stringify(student))
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, contentKey, plain)
  const rawKey = await crypto.subtle.exportKey('raw', contentKey)
  const wrappedKey = await crypto.subtle.encrypt({ name: 'RSA-OAEP' }, publicKey, rawKey)
  return {
    keyId: key.keyId,
    wrappedKey: toBase64(new Uint8Array(wrappedKey)),
    iv: toBase64(iv),
    ciphertext: toBase64(new Uint8Array(ciphertext)),
  }
}

function toBase64(bytes: Uint8Array): string {
  let text = ''
  bytes.forEach((b) => (text += String.fromCharCode(b)))
  return btoa(text)
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0))
}
