package cn.kcbx.kernel.jackson;

import cn.kcbx.kernel.student.IdNumber;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Free text in lists (notes, reasons, evidence) is scrubbed of personal numbers in every written form. */
class MaskedIdentifiersTest {

    private static final String FIRST_17 = "43992120130514387";
    private static final String ID_NUMBER = FIRST_17 + IdNumber.checkCharacter(FIRST_17);

    @Test
    void separated_phone_and_id_forms_are_scrubbed_from_free_text() {
        String spacedId = ID_NUMBER.substring(0, 4) + " " + ID_NUMBER.substring(4, 8) + " " + ID_NUMBER.substring(8, 12)
                + " " + ID_NUMBER.substring(12, 16) + " " + ID_NUMBER.substring(16);

        assertThat(MaskedIdentifiers.scrubText("电话 138-1234-5678")).isEqualTo("电话 138-****-5678");
        assertThat(MaskedIdentifiers.scrubText("电话 +8613812345678")).isEqualTo("电话 +86138****5678");
        assertThat(MaskedIdentifiers.scrubText("电话 138 1234 5678")).isEqualTo("电话 138 **** 5678");
        assertThat(MaskedIdentifiers.scrubText("身份证 " + spacedId))
                .isEqualTo("身份证 " + ID_NUMBER.substring(0, 4) + " **** **** **" + ID_NUMBER.substring(14, 16) + " "
                                   + ID_NUMBER.substring(16));
    }

    @Test
    void whole_numbers_are_masked_as_before_and_innocent_numbers_are_left_alone() {
        assertThat(MaskedIdentifiers.scrubText("父亲电话 13612345678")).isEqualTo("父亲电话 136****5678");
        assertThat(MaskedIdentifiers.scrubText("残疾人证 " + ID_NUMBER + "11"))
                .isEqualTo("残疾人证 " + ID_NUMBER.substring(0, 4) + "************" + ID_NUMBER.substring(16) + "11");
        String innocent = "2026-03-10 复查，学校标识码 2143000001，区划 430181105203，（2026）湘0181民初123号，"
                + "案件 5b0c1f9e-2d3a-4e6b-9c1d-0e2f3a4b5c6d";
        assertThat(MaskedIdentifiers.scrubText(innocent)).isEqualTo(innocent);
        assertThat(MaskedIdentifiers.scrubText(null)).isNull();
    }
}
