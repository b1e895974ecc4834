// Makes the WebCrypto fixture of SealedStudentTest, and shows what the phone pages do (Node 20+: the same WebCrypto
// API as a browser). Run from this directory: node seal-with-webcrypto.mjs
// It writes webcrypto-fixture.key (a throw-away test key pair in the server's key file format) and
// webcrypto-sealed-student.json (a fictional student sealed for it, and the plaintext the server must open).
import { webcrypto as crypto, generateKeyPairSync, createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const base64 = (bytes) => Buffer.from(bytes).toString('base64');

// --- the server's side, once: a key pair in the key file format of IntakeSealingKey
const { publicKey: spki, privateKey: pkcs8 } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'der' },
  privateKeyEncoding: { type: 'pkcs8', format: 'der' },
});
const keyId = createHash('sha256').update(spki).digest('hex').slice(0, 16);
writeFileSync('webcrypto-fixture.key',
  '# Test fixture only (SealedStudentTest): a throw-away key pair, made by seal-with-webcrypto.mjs.\n'
  + `keyId=${keyId}\npublicKey=${base64(spki)}\nprivateKey=${base64(pkcs8)}\n`);
// What GET /api/intake/sealing-key answers:
const sealingKey = { keyId, algorithm: 'RSA-OAEP-256+A256GCM', publicKey: base64(spki) };

// --- the phone's side: seal the student object before it goes into IndexedDB
async function sealStudent(student, sealingKey) {
  const rsaKey = await crypto.subtle.importKey('spki', Buffer.from(sealingKey.publicKey, 'base64'),
    { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['encrypt']);
  const aesKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, aesKey,
    new TextEncoder().encode(JSON.stringify(student)));          // the 16-byte tag is appended
  const wrappedKey = await crypto.subtle.encrypt({ name: 'RSA-OAEP' }, rsaKey,
    await crypto.subtle.exportKey('raw', aesKey));
  return { keyId: sealingKey.keyId, wrappedKey: base64(wrappedKey), iv: base64(iv), ciphertext: base64(ciphertext) };
}

// A fictional student (name and numbers invented; the ID number has a valid GB 11643 check character).
const idNumber = '430181201305143868';
const student = { name: '阿依古丽·吐尔逊', idNumber, studentNumber: 'G' + idNumber, sex: 'FEMALE',
                  birthDate: '2013-05-14' };
const sealedStudent = await sealStudent(student, sealingKey);
writeFileSync('webcrypto-sealed-student.json',
  JSON.stringify({ plaintext: JSON.stringify(student), sealedStudent }, null, 2) + '\n');
