package cn.kcbx.query;

import cn.kcbx.privacy.MasterKey;
import cn.kcbx.privacy.PersonalDataSeal;
import cn.kcbx.privacy.StudentKeys;

import com.mongodb.client.MongoDatabase;

import java.time.Clock;

/**
 * Seals for projection tests that run without a Spring context: student keys on the test's database, under one master
 * key per JVM (a store refuses a second lookup key, as it would a second installation's).
 */
public final class TestSeals {

    private static final MasterKey MASTER_KEY = MasterKey.random();

    private TestSeals() {
    }

    public static PersonalDataSeal on(MongoDatabase database) {
        return new PersonalDataSeal(new StudentKeys(database, MASTER_KEY, Clock.systemUTC()));
    }
}
