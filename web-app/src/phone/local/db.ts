import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb'
import type { OutboxItem } from './outbox'
import type { PhoneCase } from './cases'

// What the phone keeps, in one IndexedDB database that sign-out deletes whole: the records waiting to be sent
// (outbox), the user's case list as last read (cases, masked) and a few facts (meta). No store ever holds a full ID
// number: the list comes masked from the server, and a new case's student is sealed for the server (sealing.ts).

interface PhoneDb extends DBSchema {
  outbox: { key: string; value: OutboxItem; indexes: { byCreatedAt: string } }
  cases: { key: string; value: PhoneCase }
  meta: { key: string; value: unknown }
}

export const DATABASE = 'kcbx-phone'

let opened: Promise<IDBPDatabase<PhoneDb>> | null = null

export function database(): Promise<IDBPDatabase<PhoneDb>> {
  opened ??= openDB<PhoneDb>(DATABASE, 1, {
    upgrade(db) {
      db.createObjectStore('outbox', { keyPath: 'requestId' }).createIndex('byCreatedAt', 'createdAt')
      db.createObjectStore('cases', { keyPath: 'caseId' })
      db.createObjectStore('meta')
    },
    // Another tab of the app is deleting the database (sign-out there): let it.
    blocking() {
      void closeDatabase()
    },
  })
  return opened
}

export async function readMeta<T>(key: string): Promise<T | undefined> {
  return (await (await database()).get('meta', key)) as T | undefined
}

export async function writeMeta(key: string, value: unknown): Promise<void> {
  await (await database()).put('meta', value, key)
}

async function closeDatabase() {
  const db = opened
  opened = null
  if (db) (await db).close()
}

/** Deletes everything the app keeps in IndexedDB (sign-out, or another user signing in on this phone). */
export async function deleteEverything(): Promise<void> {
  await closeDatabase()
  await deleteDB(DATABASE)
}
