package cn.kcbx.privacy;

import cn.kcbx.kernel.dropoutcase.identification.CaseIdentified;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * Case events and case snapshots are encrypted with the key of the case's student: an identification creates or finds
 * that key from the student's ID number (or student number); every later event and snapshot finds it by case id.
 */
public class CaseKeyChooser implements PersonalDataSerializer.KeyChooser {

    private final StudentKeys keys;

    public CaseKeyChooser(StudentKeys keys) {
        this.keys = keys;
    }

    @Override
    public Optional<String> keyIdFor(Object payload, JsonNode tree) {
        if (payload instanceof CaseIdentified identified && identified.student() != null) {
            return Optional.of(keys.keyIdForCase(identified.caseId(), identified.student().studentKey()));
        }
        JsonNode caseId = tree.get("caseId");
        return caseId == null || !caseId.isTextual() ? Optional.empty() : keys.keyIdOfCase(caseId.textValue());
    }
}
