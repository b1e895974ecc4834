package cn.kcbx.kernel.region;

import cn.kcbx.kernel.InvalidValueException;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HouseholdLocationTest {

    private static final Map<String, String> FIELDS = Map.of("LOCATION_VILLAGE_REQUIRED", "village", "LOCATION_NOT_VILLAGE", "village", "ADDRESS_TOO_LONG", "address");

    /** Rejections of this record name the component at fault; those of the value objects inside it name none. */
    static void assertRejected(Runnable construction, String code) {
        assertThatThrownBy(construction::run).isInstanceOfSatisfying(InvalidValueException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.field()).isEqualTo(FIELDS.get(code));
        });
    }


    private static final DivisionCode VILLAGE = new DivisionCode("430122100201");

    @Test
    void villageWithAddress() {
        HouseholdLocation location = new HouseholdLocation(VILLAGE, "  三组 12 号 ");
        assertThat(location.address()).isEqualTo("三组 12 号");
        assertThat(location.town()).isEqualTo(new DivisionCode("430122100"));
        assertThat(location.county()).isEqualTo(new DivisionCode("430122"));
    }

    @Test
    void addressIsOptional() {
        assertThat(new HouseholdLocation(VILLAGE, null).address()).isNull();
        assertThat(new HouseholdLocation(VILLAGE, "   ").address()).isNull();
    }

    @Test
    void villageRequired() {
        assertRejected(() -> new HouseholdLocation(null, "三组"), "LOCATION_VILLAGE_REQUIRED");
    }

    @Test
    void mustBeAVillage() {
        assertRejected(() -> new HouseholdLocation(new DivisionCode("430122100"), null), "LOCATION_NOT_VILLAGE");
        assertRejected(() -> new HouseholdLocation(new DivisionCode("430122"), null), "LOCATION_NOT_VILLAGE");
    }

    @Test
    void addressLength() {
        assertThat(new HouseholdLocation(VILLAGE, "路".repeat(200)).address()).hasSize(200);
        assertRejected(() -> new HouseholdLocation(VILLAGE, "路".repeat(201)), "ADDRESS_TOO_LONG");
    }
}
