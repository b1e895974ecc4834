package cn.kcbx.caseservice.web;

import cn.kcbx.kernel.jackson.KernelJackson;
import cn.kcbx.kernel.jackson.MaskedIdentifiers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * An event's fields as JSON without full personal identifiers: ID numbers, student numbers and mobile numbers are
 * written masked by type ({@code 4301**********123X}), and free text is scrubbed of anything that looks like one (a
 * run of 15 or more digits, as in a disability certificate number, or an 11-digit mobile number). Full values are
 * only shown through the audited reveal.
 */
final class MaskedEventData {

    private final ObjectMapper mapper;

    MaskedEventData() {
        this.mapper = KernelJackson.newMapper().registerModule(MaskedIdentifiers.module());
    }

    JsonNode of(Object payload) {
        return scrub(mapper.valueToTree(payload));
    }

    private static JsonNode scrub(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.fieldNames().forEachRemaining(name -> object.set(name, scrub(object.get(name))));
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, scrub(array.get(i)));
            }
            return array;
        }
        if (node instanceof TextNode text) {
            return TextNode.valueOf(MaskedIdentifiers.scrubText(text.textValue()));
        }
        return node;
    }



}
