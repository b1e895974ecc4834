package cn.kcbx.eventstore;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token this store hands out is one number: it carries no gap set, so what a token store persists per segment
 * stays a few dozen bytes however long the log grows and however many writers raced for positions.
 */
class TrackingTokenSizeTest {

    private final Serializer serializer = JacksonSerializer.defaultSerializer();

    @Test
    void aGlobalSequenceTokenIsAFewDozenBytes_atAnyPosition() {
        byte[] atOne = serialize(new GlobalSequenceTrackingToken(1));
        byte[] atTenMillion = serialize(new GlobalSequenceTrackingToken(10_000_000));

        assertThat(new String(atOne)).isEqualTo("{\"globalIndex\":1}");
        assertThat(atOne).hasSize(17);
        // Ten million events later only the digits of the position grew.
        assertThat(atTenMillion).hasSize(atOne.length + 7);
        assertRoundTrip(new GlobalSequenceTrackingToken(10_000_000));
    }

    @Test
    void aReplayTokenWrapsTwoPlainPositions_andStaysConstantSize() {
        TrackingToken justReset = ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(10_000_000),
                                                                new GlobalSequenceTrackingToken(1));
        TrackingToken nearlyDone = ((ReplayToken) justReset).advancedTo(new GlobalSequenceTrackingToken(9_999_999));

        assertThat(justReset).isInstanceOf(ReplayToken.class);
        assertThat(nearlyDone).isInstanceOf(ReplayToken.class);
        // Mostly the class names Jackson writes for the two wrapped tokens; the positions add a few digits.
        assertThat(serialize(justReset)).hasSizeLessThan(256);
        assertThat(serialize(nearlyDone)).hasSize(serialize(justReset).length + 6);
        assertRoundTrip(justReset);
        assertRoundTrip(nearlyDone);
    }

    @Test
    void forContrast_aGapAwareTokenGrowsWithItsGaps() {
        // What a sequence-with-gaps store (Axon's JPA/JDBC engines) persists after 1000 positions were left open.
        GapAwareTrackingToken withGaps = GapAwareTrackingToken.newInstance(
                10_000_000, LongStream.range(10_000_000 - 2_000, 10_000_000).filter(p -> p % 2 == 0).boxed().toList());

        assertThat(serialize(withGaps)).hasSizeGreaterThan(1_000 * 8);
        assertThat(serialize(new GlobalSequenceTrackingToken(10_000_000))).hasSizeLessThan(32);
    }

    private byte[] serialize(TrackingToken token) {
        return serializer.serialize(token, byte[].class).getData();
    }

    private void assertRoundTrip(TrackingToken token) {
        SerializedObject<byte[]> serialized = serializer.serialize(token, byte[].class);
        assertThat((Object) serializer.deserialize(serialized)).isEqualTo(token);
    }
}
