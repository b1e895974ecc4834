// One-shot (compose service mongo-init, connected to mongo1 as root): makes the three mongod one replica set, rs0,
// and creates the application's account. Idempotent: a set already initiated and an account that exists are kept
// (the account's password is set again from KCBX_DB_PASSWORD, which .env holds).
try {
  rs.status();
  print('replica set rs0 already initiated');
} catch (e) {
  if (e.codeName !== 'NotYetInitialized') { throw e; }
  rs.initiate({
    _id: 'rs0',
    members: [
      { _id: 0, host: 'mongo1:27017', priority: 2 },
      { _id: 1, host: 'mongo2:27017', priority: 1 },
      { _id: 2, host: 'mongo3:27017', priority: 1 },
    ],
  });
  print('replica set rs0 initiated');
}

const hasPrimary = () => rs.status().members.some(m => m.stateStr === 'PRIMARY');
for (let i = 0; i < 120 && !hasPrimary(); i++) { sleep(1000); }
if (!hasPrimary()) { throw new Error('rs0 has no primary after 120 s'); }

// Users are created on the primary, whichever member it is now: connect to the set, not to mongo1.
const rootPassword = process.env.MONGO_ROOT_PASSWORD;
const password = process.env.KCBX_DB_PASSWORD;
if (!rootPassword || !password) { throw new Error('MONGO_ROOT_PASSWORD and KCBX_DB_PASSWORD must be set'); }
const set = new Mongo('mongodb://root:' + encodeURIComponent(rootPassword)
                      + '@mongo1:27017,mongo2:27017,mongo3:27017/?replicaSet=rs0&authSource=admin');
const kcbx = set.getDB('kcbx');
if (kcbx.getUser('kcbx') === null) {
  kcbx.createUser({ user: 'kcbx', pwd: password, roles: [{ role: 'readWrite', db: 'kcbx' }] });
  print('created user kcbx on database kcbx');
} else {
  kcbx.updateUser('kcbx', { pwd: password });
  print('user kcbx exists; its password set from KCBX_DB_PASSWORD');
}
