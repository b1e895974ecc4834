package cn.kcbx.query;

import cn.kcbx.privacy.MasterKey;
import cn.kcbx.privacy.PersonalDataSeal;
import cn.kcbx.privacy.StudentKeys;

import com.mongodb.client.MongoDatabase;

import java.time.Clock;

/** Seals for projection tests that run without a Spring context: student keys on the test's database. */
public final class TestSeals {

    private TestSeals() {
    }

    public static PersonalDataSeal on(MongoDatabase database) {
        return new PersonalDataSeal(new StudentKeys(database, MasterKey.random(), Clock.systemUTC()));
    }
}
